-- Word counts per model family, model and generation: the word distribution that unigram entropy
-- and tail mass need (and generation 0's most frequent words), a vocabulary's worth of rows per group.
CREATE TABLE IF NOT EXISTS diversity_words ${ON_CLUSTER}
(
    model_family  LowCardinality(String),
    model         LowCardinality(String),
    generation    UInt16,
    word          String,
    c             UInt64
)
ENGINE = SummingMergeTree(c)
ORDER BY (model_family, model, generation, word)
SETTINGS non_replicated_deduplication_window = 1000
