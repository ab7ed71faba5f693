/* The built-in plan (scenarios/commcare.yaml) compiled into the binary as bytes.
   models/builtin.h declares the symbols; a NUL byte follows the text. */
	.section .rodata
	.global plan_builtin_yaml
	.global plan_builtin_len
	.type plan_builtin_yaml, @object
	.balign 16
plan_builtin_yaml:
	.incbin "scenarios/commcare.yaml"
	.byte 0
	.type plan_builtin_len, @object
	.balign 8
plan_builtin_len:
	.quad plan_builtin_len - plan_builtin_yaml - 1
	.section .note.GNU-stack,"",@progbits
