-- The samples stored before diversity_generation_mv existed (none in a new database). Migrations run at
-- start, before ingest or the simulator write anything, so no row is counted twice.
INSERT INTO diversity_generation
SELECT
    model_family, model, generation,
    count() AS texts,
    sum(length(w)) AS words,
    sum(length(g2)) AS bigrams,
    sum(length(g3)) AS trigrams,
    sum(if(length(w) > 0, arrayUniq(w) / length(w), 0)) AS ttr_sum,
    countIf(length(w) > 0) AS ttr_texts,
    sumIf(length(text), gz > 0) AS raw_bytes,
    sum(gz) AS gzip_bytes,
    countIf(gz > 0) AS gzip_texts,
    uniqCombined64ArrayState(12)(w) AS uniq_1,
    uniqCombined64ArrayState(12)(g2) AS uniq_2,
    uniqCombined64ArrayState(12)(g3) AS uniq_3
FROM
(
    SELECT ts, model_family, model, generation, text, gz, w, if(length(w) >= 2, arrayMap(x -> arrayStringConcat(x, ' '), arrayShingles(w, 2)), []) AS g2, if(length(w) >= 3, arrayMap(x -> arrayStringConcat(x, ' '), arrayShingles(w, 3)), []) AS g3
    FROM (SELECT ts, model_family, model, generation, text, gzip_bytes AS gz, splitByNonAlpha(lowerUTF8(translateUTF8(text, '“”„‘’‚«»‹›—–…•·¡¿  　', '                    '))) AS w FROM model_samples)
)
GROUP BY model_family, model, generation
