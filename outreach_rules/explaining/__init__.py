"""After a decision: traces, why and why not, counterfactuals, dated plans and calendars."""
