"""Subcommands of `yiwang routing`: one module per subcommand, each with
`add_arguments(parser)` and `run(options: dict, out) -> int` (the exit status)."""
