-- The largest money amounts reported, with what they measure and who they are about (not prices per unit,
-- such as 78,650元/吨).
SELECT headline, measure, subject, value / 1e8 AS value_yi_yuan, qualifier, period, nature, text
FROM metric_facts
WHERE unit = 'CNY' AND text NOT LIKE '%/%'
ORDER BY value DESC
LIMIT 20;
