"""The application engine: data-defined workflows that drive submit, review, reject and resubmit."""
