-- The samples stored before diversity_words_mv existed (none in a new database).
INSERT INTO diversity_words
SELECT model_family, model, generation, word, count() AS c
FROM model_samples
ARRAY JOIN splitByNonAlpha(lowerUTF8(translateUTF8(text, '“”„‘’‚«»‹›—–…•·¡¿  　', '                    '))) AS word
GROUP BY model_family, model, generation, word
