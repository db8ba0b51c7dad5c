"""The jupyter_kernel_test conformance suite, every sample filled in."""
import unittest

import jupyter_kernel_test

from conftest import KERNEL_NAME


class CellbookKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'

    completion_samples = [
        {"text": "Math.ma", "matches": {"max("}},
        {"text": "System.out.printl", "matches": {"println("}},
    ]
    complete_code_samples = ["1 + 1", "int x = 1;", "void f() { }", "class A { }"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "void f() {", "int y = (1 +"]
    invalid_code_samples = ["int 1x = ;"]

    code_page_something = 'page("paged text")'
    code_generate_error = 'throw new IllegalStateException("boom");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"a" + "b"', "result": "ab"},
        {"code": 'html("<b>bold</b>")', "mime": "text/html", "result": "<b>bold</b>"},
        {"code": 'json(Map.of("k", 1))', "mime": "application/json"},
    ]
    code_display_data = [
        {"code": 'display(html("<i>shown</i>"));', "mime": "text/html"},
        {"code": "display(Chart.line(new double[] {1, 2, 3}, new double[] {2, 4, 3}));", "mime": "image/png"},
    ]
    code_clear_output = 'System.out.println("soon gone"); clearOutput();'

    code_history_pattern = "6 ? 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"


if __name__ == "__main__":
    unittest.main()
