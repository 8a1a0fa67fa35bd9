-- The warehouse tables. Columns and types mirror the pandera models in etl/schemas.py (a test compares
-- them); primary keys mirror etl.validation.PRIMARY_KEYS. Applied by the loader before every load.

CREATE TABLE IF NOT EXISTS pages (
    page_id          VARCHAR   NOT NULL PRIMARY KEY,
    source_path      VARCHAR   NOT NULL,
    sha256           VARCHAR   NOT NULL,
    encoding         VARCHAR   NOT NULL,
    byte_count       BIGINT    NOT NULL,
    char_count       BIGINT    NOT NULL,
    line_count       BIGINT    NOT NULL,
    article_count    BIGINT    NOT NULL,
    loaded_at        TIMESTAMP NOT NULL,
    rows_sha256      VARCHAR   NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    article_id       VARCHAR   NOT NULL PRIMARY KEY,
    page_id          VARCHAR   NOT NULL,
    seq              BIGINT    NOT NULL,
    headline         VARCHAR,
    deck             VARCHAR[] NOT NULL,
    outlet           VARCHAR,
    brand            VARCHAR,
    reporters        VARCHAR[] NOT NULL,
    byline           VARCHAR,
    byline_position  VARCHAR,
    paragraph_count  BIGINT    NOT NULL,
    char_start       BIGINT    NOT NULL,
    char_end         BIGINT    NOT NULL
);

CREATE TABLE IF NOT EXISTS credits (
    article_id       VARCHAR   NOT NULL,
    position         BIGINT    NOT NULL,
    role             VARCHAR   NOT NULL,
    name             VARCHAR   NOT NULL,
    PRIMARY KEY (article_id, position)
);

CREATE TABLE IF NOT EXISTS paragraphs (
    article_id       VARCHAR   NOT NULL,
    seq              BIGINT    NOT NULL,
    text             VARCHAR   NOT NULL,
    char_start       BIGINT    NOT NULL,
    char_end         BIGINT    NOT NULL,
    fragment_count   BIGINT    NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE IF NOT EXISTS organizations (
    org_id           VARCHAR   NOT NULL PRIMARY KEY,
    name             VARCHAR   NOT NULL,
    kind             VARCHAR   NOT NULL
);

CREATE TABLE IF NOT EXISTS organization_aliases (
    org_id           VARCHAR   NOT NULL,
    alias            VARCHAR   NOT NULL,
    PRIMARY KEY (org_id, alias)
);

CREATE TABLE IF NOT EXISTS organization_mentions (
    org_id           VARCHAR   NOT NULL,
    article_id       VARCHAR   NOT NULL,
    role             VARCHAR   NOT NULL,
    text             VARCHAR   NOT NULL,
    char_start       BIGINT    NOT NULL,
    char_end         BIGINT    NOT NULL,
    PRIMARY KEY (org_id, article_id, role, char_start)
);

CREATE TABLE IF NOT EXISTS complexes (
    complex_id       VARCHAR   NOT NULL PRIMARY KEY,
    article_id       VARCHAR   NOT NULL,
    seq              BIGINT    NOT NULL,
    name             VARCHAR   NOT NULL,
    batch            VARCHAR,
    category         VARCHAR,
    list_title       VARCHAR,
    lead_units_note  VARCHAR,
    char_start       BIGINT    NOT NULL,
    char_end         BIGINT    NOT NULL
);

CREATE TABLE IF NOT EXISTS complex_lead_units (
    complex_id       VARCHAR   NOT NULL,
    org_id           VARCHAR   NOT NULL,
    position         BIGINT    NOT NULL,
    PRIMARY KEY (complex_id, position)
);

CREATE TABLE IF NOT EXISTS metrics (
    metric_id        VARCHAR   NOT NULL PRIMARY KEY,
    article_id       VARCHAR   NOT NULL,
    text             VARCHAR   NOT NULL,
    value            DOUBLE    NOT NULL,
    unit             VARCHAR   NOT NULL,
    unit_text        VARCHAR   NOT NULL,
    qualifier        VARCHAR   NOT NULL,
    qualifier_marker VARCHAR,
    measure          VARCHAR,
    subject          VARCHAR,
    period           VARCHAR,
    nature           VARCHAR   NOT NULL,
    location         VARCHAR   NOT NULL,
    context          VARCHAR   NOT NULL,
    char_start       BIGINT    NOT NULL,
    char_end         BIGINT    NOT NULL
);

CREATE TABLE IF NOT EXISTS rejected (
    source_path      VARCHAR   NOT NULL PRIMARY KEY,
    stage            VARCHAR   NOT NULL,
    reason           VARCHAR   NOT NULL,
    detail           VARCHAR,
    rejected_at      TIMESTAMP NOT NULL
);
