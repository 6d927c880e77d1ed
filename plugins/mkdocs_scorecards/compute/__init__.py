"""Pure evaluation: periods, status, score, roll-up, trend and evidence. No I/O."""
