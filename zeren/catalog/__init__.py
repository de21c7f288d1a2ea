"""The policy catalogue: a loaded pack's roles, department kinds, sectors, duties, obligations, parameters."""
