"""Pure rules: synchronous functions over values, each specified by an example table in its docstring."""
