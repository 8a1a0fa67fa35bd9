-- What kinds of organization lead the complexes: companies, universities, research institutes...?
SELECT kind, count(DISTINCT org_id) AS organizations, count(DISTINCT complex_id) AS complexes
FROM complex_leads
GROUP BY kind
ORDER BY complexes DESC, kind;
