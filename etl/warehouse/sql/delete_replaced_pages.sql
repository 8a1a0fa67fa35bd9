-- Remove every row of the pages listed in the temp table replaced_pages(page_id), children first.
-- Organizations are shared between pages and are not touched here (see remove_orphan_organizations.sql).
DELETE FROM metrics
WHERE article_id IN (SELECT article_id FROM articles WHERE page_id IN (SELECT page_id FROM replaced_pages));

DELETE FROM complex_lead_units
WHERE complex_id IN (
    SELECT complex_id
    FROM complexes
    JOIN articles USING (article_id)
    WHERE articles.page_id IN (SELECT page_id FROM replaced_pages)
);

DELETE FROM complexes
WHERE article_id IN (SELECT article_id FROM articles WHERE page_id IN (SELECT page_id FROM replaced_pages));

DELETE FROM organization_mentions
WHERE article_id IN (SELECT article_id FROM articles WHERE page_id IN (SELECT page_id FROM replaced_pages));

DELETE FROM paragraphs
WHERE article_id IN (SELECT article_id FROM articles WHERE page_id IN (SELECT page_id FROM replaced_pages));

DELETE FROM credits
WHERE article_id IN (SELECT article_id FROM articles WHERE page_id IN (SELECT page_id FROM replaced_pages));

DELETE FROM articles WHERE page_id IN (SELECT page_id FROM replaced_pages);

DELETE FROM pages WHERE page_id IN (SELECT page_id FROM replaced_pages);
