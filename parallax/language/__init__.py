"""Language resources shared by the stages: function words, stems, TF-IDF."""
