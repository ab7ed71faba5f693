/* The built-in plan (scenarios/commcare.yaml) compiled into the binary as bytes.
   models/load.c declares the symbols; a NUL byte follows the text, and
   plan_builtin_len is the text's length without it. */
	.section .rodata
	.global plan_builtin_yaml
	.global plan_builtin_len
	.type plan_builtin_yaml, @object
	.balign 16
plan_builtin_yaml:
	.incbin "scenarios/commcare.yaml"
plan_builtin_end:
	.byte 0
	.type plan_builtin_len, @object
	.balign 8
plan_builtin_len:
	.quad plan_builtin_end - plan_builtin_yaml
	.section .note.GNU-stack,"",@progbits
