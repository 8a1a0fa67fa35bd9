-- The largest money amounts reported, with what they measure and who they are about.
SELECT headline, measure, subject, value / 1e8 AS value_yi_yuan, qualifier, period, nature, text
FROM metric_facts
WHERE unit = 'CNY'
ORDER BY value DESC
LIMIT 20;
