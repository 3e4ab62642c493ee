"""What a learner's function reaches: the helpers it calls, the global numbers it reads, the names it uses.

A check reads the code of the function it is given (its bytecode, through ``dis``) to say *how* a wrong answer
came about: ``helpers.train`` called where the loop should be written, a global ``my_lr`` read instead of the
argument ``lr``, ``torch.autograd.grad`` used instead of ``backward()``. Used by the exercise checks.
"""

import dis
import functools
import numbers
import types

import helpers



def reached(fn, seen=None):
    """(name, value, attribute) for each global or enclosing name fn's code loads, with the attribute read from it
    next (``helpers.train`` is ("helpers", <module helpers>, "train")), following the learner's own functions."""
    seen = set() if seen is None else seen
    while isinstance(fn, functools.partial):
        fn = fn.func
    code = getattr(fn, "__code__", None)
    if not isinstance(code, types.CodeType) or code in seen:
        return []
    seen.add(code)
    scope = dict(getattr(fn, "__globals__", {}) or {})
    for name, cell in zip(code.co_freevars, getattr(fn, "__closure__", None) or ()):
        try:
            scope[name] = cell.cell_contents
        except ValueError:  # an empty cell
            pass
    found, codes = [], [code]
    while codes:
        c = codes.pop()
        instructions = list(dis.get_instructions(c))
        for i, ins in enumerate(instructions):
            if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME") or (ins.opname == "LOAD_DEREF"
                                                               and ins.argval in code.co_freevars):
                if ins.argval not in scope:
                    continue
                after = instructions[i + 1] if i + 1 < len(instructions) else None
                attr = after.argval if after is not None and after.opname in ("LOAD_ATTR", "LOAD_METHOD") else None
                found.append((ins.argval, scope[ins.argval], attr))
        codes.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
    for name, value, _ in list(found):  # the learner's own functions, defined beside fn
        if isinstance(value, types.FunctionType) and value.__module__ == getattr(fn, "__module__", None):
            found.extend(reached(value, seen))
    return found


def helpers_used(fn):
    """How a message names each function of helpers that fn reaches: as ``helpers.train``, or by the name it is
    imported under (the notebook's ``forward`` and ``mse`` come from helpers)."""
    used = []
    for name, value, attr in reached(fn):
        while isinstance(value, functools.partial):
            value = value.func
        if value is helpers and attr and callable(getattr(helpers, attr, None)):
            used.append(f"helpers.{attr}")
        elif callable(value) and getattr(value, "__module__", None) == "helpers" and not isinstance(value, type):
            real = getattr(value, "__name__", name)
            used.append(f"{name} (helpers.{real}, imported from helpers)" if real == name
                        else f"{name} (that is helpers.{real})")
    return list(dict.fromkeys(used))


def globals_read(fn):
    """The global variables holding a number (or None) that fn reads, by name: a learning rate or a count of
    iterations read there instead of from its arguments."""
    return {name: value for name, value, _ in reached(fn)
            if value is None or (isinstance(value, numbers.Number) and not isinstance(value, bool))}


def reads_globals(fn):
    """`` (it reads the global my_lr)`` if fn reads global numbers, for a message; else ""."""
    names = [name for name in globals_read(fn)]
    if not names:
        return ""
    return f" (it reads the global variable{'s' if len(names) > 1 else ''} {' and '.join(names)} instead)"


def names_used(fn):
    """Every attribute and global name fn's code (and the code inside it) mentions."""
    names, codes = set(), [getattr(fn, "__code__", None)]
    while codes:
        c = codes.pop()
        if c is not None:
            names.update(c.co_names)
            codes.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
    names.update(attr for _, value, attr in reached(fn) if attr)
    for _, value, _ in reached(fn):
        if isinstance(value, types.FunctionType) and value.__module__ == getattr(fn, "__module__", None):
            names.update(value.__code__.co_names)
    return names


def uses_matrix_product(fn):
    """True if fn's code multiplies matrices: the operator ``@`` or ``matmul``, ``mm``, ``dot``, ``inner``, ``outer``."""
    codes, found = [getattr(fn, "__code__", None)], False
    while codes and not found:
        c = codes.pop()
        if c is not None:
            found = any(ins.opname == "BINARY_OP" and ins.argrepr.startswith("@") for ins in dis.get_instructions(c))
            codes.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
    return found or bool(names_used(fn) & {"matmul", "mm", "dot", "inner", "outer"})


def uncalled(fn, method):
    """True if fn's code names ``method`` as an attribute without calling it: ``w.grad.zero_`` with no ``()``."""
    codes, found = [getattr(fn, "__code__", None)], False
    while codes and not found:
        c = codes.pop()
        if c is not None:  # a call loads the method (LOAD_METHOD; 3.12 on: LOAD_ATTR marked "NULL|self")
            found = any(ins.opname == "LOAD_ATTR" and ins.argval == method and "NULL" not in ins.argrepr
                        for ins in dis.get_instructions(c))
            codes.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
    return found


def inside_loop(fn):
    """What fn's source does inside a for or while loop that restarts its work each pass: "return" (a return
    indented one level too far: back after the first pass), "tensor" (torch.tensor(...) made anew each pass),
    "no loop" (neither the source nor a function of the learner's it calls has one), or "" (neither, or the source cannot be read)."""
    import ast
    import inspect
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return ""
    inner = [node for loop in ast.walk(tree) if isinstance(loop, (ast.For, ast.While)) for node in ast.walk(loop)]
    if not inner:  # no loop of its own, nor in a function of the learner's that it calls
        own = [v for _, v, _ in reached(fn) if isinstance(v, types.FunctionType) and v.__module__ == fn.__module__]
        return "" if own else "no loop"
    if any(isinstance(node, ast.Return) for node in inner):
        return "return"
    calls = [node.func for node in inner if isinstance(node, ast.Call)]
    return "tensor" if any(isinstance(f, ast.Attribute) and f.attr == "tensor" for f in calls) else ""


def first_returned(fn):
    """The first name fn's last return reads ("w" in return w.item(), b.item()); None if none or unreadable."""
    import ast
    import inspect
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return None
    returns = [n for n in ast.walk(tree) if isinstance(n, ast.Return) and n.value is not None]
    names = [n for n in ast.walk(returns[-1].value) if isinstance(n, ast.Name)] if returns else []
    return min(names, key=lambda n: (n.lineno, n.col_offset)).id if names else None


def read_in_loop(fn):
    """The names fn's source reads inside its for or while loops, as a set; None if the source cannot be read."""
    import ast
    import inspect
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return None
    loops = [n for n in ast.walk(tree) if isinstance(n, (ast.For, ast.While))]
    return {n.id for loop in loops for n in ast.walk(loop) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def rebound_in_loop(fn):
    """The names fn's source assigns, inside a for or while loop, from an expression that reads them (w = w - ...:
    a new object each pass in place of the old one), sorted; empty if none or the source cannot be read."""
    return rebound(fn, loops_only=True) or []


def rebound(fn, loops_only=False):
    """The names fn's source assigns from an expression that reads them (w = w - ...: a new object in place of the
    old one), inside loops only if ``loops_only``, sorted; None if the source cannot be read."""
    import ast
    import inspect
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return None
    scopes = [n for n in ast.walk(tree) if isinstance(n, (ast.For, ast.While))] if loops_only else [tree]
    found = set()
    for scope in scopes:
        for node in (n for n in ast.walk(scope) if isinstance(n, ast.Assign)):
            read = {n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)}
            found.update(t.id for t in node.targets if isinstance(t, ast.Name) and t.id in read)
    return sorted(found)


def _step_lines(fn):
    """The lines of fn's source where it calls backward(), clears a gradient (zero_(), zero_grad(), .grad = ...)
    and updates in place (-=, +=, sub_, add_, step()), each a list; None if the source cannot be read."""
    import ast
    import inspect
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return None
    calls = {}  # method name -> the lines it is called on
    lines = {"clears": [], "updates": []}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            calls.setdefault(node.func.attr, []).append(node.lineno)
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr == "grad" for t in node.targets):
            lines["clears"].append(node.lineno)
        if isinstance(node, ast.AugAssign) and isinstance(node.op, (ast.Sub, ast.Add)):
            lines["updates"].append(node.lineno)
    lines["clears"] += calls.get("zero_", []) + calls.get("zero_grad", [])
    lines["updates"] += calls.get("sub_", []) + calls.get("add_", []) + calls.get("step", [])  # optimizer.step()
    lines["backward"] = calls.get("backward", [])
    return lines


def clears_before_update(fn):
    """True if fn's source clears a gradient after its backward() and before its update in place, in the order the
    lines are written; None if the source cannot be read."""
    lines = _step_lines(fn)
    if lines is None:
        return None
    if not (lines["backward"] and lines["clears"] and lines["updates"]):
        return False
    return any(min(lines["backward"]) < line < min(lines["updates"]) for line in lines["clears"])


def updates_before_backward(fn):
    """True if fn's source writes its first update in place above its first backward(); None if it cannot be read."""
    lines = _step_lines(fn)
    if lines is None:
        return None
    return bool(lines["backward"] and lines["updates"]) and min(lines["updates"]) < min(lines["backward"])


def works_without_returning(fn):
    """True if fn's source does some work (a statement besides its docstring, ``pass`` and ``return None``) but
    never returns a value: a forgotten ``return``, which makes the function give back None. When the source cannot
    be read (a function made by exec, or typed where Python keeps no source), its bytecode is read instead."""
    import ast
    import inspect
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return _works_without_returning_by_bytecode(fn)
    functions = [node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.Lambda))]
    if not functions or isinstance(functions[0], ast.Lambda):
        return False

    def empty(node):
        return (isinstance(node, ast.Pass) or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
                or (isinstance(node, ast.Return) and (node.value is None or (isinstance(node.value, ast.Constant)
                                                                             and node.value.value is None))))
    body = functions[0].body
    returns_value = any(isinstance(n, ast.Return) and not empty(n) for n in ast.walk(functions[0]))
    return not returns_value and any(not empty(node) for node in body)


def _works_without_returning_by_bytecode(fn):
    """works_without_returning, read from fn's bytecode: some instruction does work, and every return gives back
    the constant None. False for what is not a plain Python function."""
    import dis

    code = getattr(fn, "__code__", None)
    if code is None:
        return False
    quiet = {"RESUME", "NOP", "CACHE", "LOAD_CONST", "RETURN_VALUE", "RETURN_CONST"}
    instructions = [i for i in dis.get_instructions(code) if i.opname != "CACHE"]
    returns_none = all(
        (i.opname == "RETURN_CONST" and i.argval is None)
        or (i.opname == "RETURN_VALUE" and k > 0 and instructions[k - 1].opname == "LOAD_CONST"
            and instructions[k - 1].argval is None)
        for k, i in enumerate(instructions) if i.opname in ("RETURN_VALUE", "RETURN_CONST"))
    return returns_none and any(i.opname not in quiet for i in instructions)
