-- One row per quantity, with the article it is in: the table an analyst filters by measure or unit.
CREATE OR REPLACE VIEW metric_facts AS
SELECT
    m.metric_id,
    a.headline,
    m.measure,
    m.subject,
    m.value,
    m.unit,
    m.qualifier,
    m.period,
    m.nature,
    m.text,
    m.context,
    m.location,
    a.seq        AS article_seq,
    p.source_path
FROM metrics AS m
JOIN articles AS a USING (article_id)
JOIN pages AS p USING (page_id);
