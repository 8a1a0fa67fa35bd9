-- One row per organization: how often it appears and how many complexes it leads.
-- first_page / last_page are the lowest and highest source_path it appears on (file names sort by
-- page order in the e-paper exports).
CREATE OR REPLACE VIEW organization_activity AS
WITH appearances AS (
    SELECT m.org_id, m.article_id, a.page_id, p.source_path
    FROM organization_mentions AS m
    JOIN articles AS a USING (article_id)
    JOIN pages AS p USING (page_id)
    UNION ALL
    SELECT l.org_id, c.article_id, a.page_id, p.source_path
    FROM complex_lead_units AS l
    JOIN complexes AS c USING (complex_id)
    JOIN articles AS a USING (article_id)
    JOIN pages AS p USING (page_id)
),
led AS (
    SELECT org_id, count(DISTINCT complex_id) AS complexes_led
    FROM complex_lead_units
    GROUP BY org_id
)
SELECT
    o.org_id,
    o.name                                   AS organization,
    o.kind,
    count(DISTINCT ap.article_id)            AS articles,
    coalesce(any_value(led.complexes_led), 0) AS complexes_led,
    count(DISTINCT ap.page_id)               AS pages,
    min(ap.source_path)                      AS first_page,
    max(ap.source_path)                      AS last_page
FROM organizations AS o
LEFT JOIN appearances AS ap USING (org_id)
LEFT JOIN led USING (org_id)
GROUP BY o.org_id, o.name, o.kind;
