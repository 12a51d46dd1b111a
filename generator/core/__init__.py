"""The rules of the notice: editions, forms, drafts, rules and the batch, with their data and words."""
