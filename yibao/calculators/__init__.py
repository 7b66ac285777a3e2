"""The calculators: policy + a person's facts → a result that explains itself (line items citing their clauses)."""
