-- What did the pipeline load, and what did it refuse and why?
SELECT 'loaded' AS status, count(*) AS files, NULL AS reason, max(loaded_at) AS last_change
FROM pages
UNION ALL
SELECT 'rejected: ' || stage, count(*), reason, max(rejected_at)
FROM rejected
GROUP BY stage, reason
ORDER BY status, reason;
