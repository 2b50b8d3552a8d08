-- Words as server/diversity/metrics.ts wordsSql('text') splits them (a test holds the two equal).
CREATE MATERIALIZED VIEW IF NOT EXISTS diversity_words_mv ${ON_CLUSTER} TO diversity_words AS
SELECT model_family, model, generation, word, count() AS c
FROM model_samples
ARRAY JOIN splitByNonAlpha(lowerUTF8(translateUTF8(text, '“”„‘’‚«»‹›—–…•·¡¿  　', '                    '))) AS word
GROUP BY model_family, model, generation, word
