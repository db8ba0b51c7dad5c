package org.cellbook.kernel.cellcache;

import org.cellbook.core.BadInputException;
import org.cellbook.kernel.exec.JavaEvaluator;
import org.cellbook.kernel.magic.Magics;

/** {@code %%nocache} (run the cell without the cache) and {@code %cache status|clear}. */
public final class CellCacheMagics {
    private CellCacheMagics() {
    }

    /** Registers both magics; {@code hook} null means the cell cache is off in this kernel. */
    public static void register(Magics magics, JavaEvaluator evaluator, CellCacheHook hook) {
        magics.cell("nocache", (args, body) -> {
            if (hook != null) {
                hook.skipNextCell(true);
            }
            try {
                JavaEvaluator.Result r = evaluator.eval(body);
                return r.hasValue() && !r.isDisplayCall() ? r.value() : null;
            } finally {
                if (hook != null) {
                    hook.skipNextCell(false);
                }
            }
        });
        magics.line("cache", args -> {
            String cmd = args.trim().isEmpty() ? "status" : args.trim();
            if (hook == null) {
                System.out.println("the cell cache is off: set CELLBOOK_CACHE_DIR to a directory and restart the kernel");
                return null;
            }
            switch (cmd) {
                case "status" -> System.out.println(hook.status());
                case "clear" -> System.out.println("removed " + hook.clear() + " cell entries from the cache");
                default -> throw BadInputException.parameter("%cache", "unknown command '" + cmd + "'",
                        "write %cache status or %cache clear");
            }
            return null;
        });
    }
}
