"""Natural language processing (chapter 10): word2vec data, sequence-to-sequence helpers, text data sets."""
