-- One row per lead unit of each complex: which organization leads which complex, in list order.
CREATE OR REPLACE VIEW complex_leads AS
SELECT
    c.complex_id,
    c.seq             AS complex_seq,
    c.name            AS complex,
    c.batch,
    c.category,
    l.position,
    o.name            AS lead_organization,
    o.kind,
    o.org_id,
    a.headline,
    p.source_path
FROM complexes AS c
JOIN complex_lead_units AS l USING (complex_id)
JOIN organizations AS o USING (org_id)
JOIN articles AS a USING (article_id)
JOIN pages AS p USING (page_id);
