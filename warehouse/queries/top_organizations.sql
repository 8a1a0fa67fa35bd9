-- Which organizations appear in the most articles, and how many complexes do they lead?
SELECT organization, kind, articles, complexes_led, first_page, last_page
FROM organization_activity
ORDER BY articles DESC, complexes_led DESC, organization
LIMIT 20;
