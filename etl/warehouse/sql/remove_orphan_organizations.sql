-- Organizations (and their aliases) that no page mentions or lists as a lead unit any more.
DELETE FROM organization_aliases
WHERE org_id NOT IN (
    SELECT org_id FROM organization_mentions
    UNION
    SELECT org_id FROM complex_lead_units
);

DELETE FROM organizations
WHERE org_id NOT IN (
    SELECT org_id FROM organization_mentions
    UNION
    SELECT org_id FROM complex_lead_units
);
