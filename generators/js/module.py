"""The generated JavaScript validator of one service: the Python target's layout, in an ES module.

The code mirrors `generators/python/module.py` function for function (a
`compute` reading the typed view and the computed values, one `check<k>`
per group and list-entry object, `run` with the validations, `check` doing
both for only what the checks need, `computeFees`),
with JavaScript's differences handled where they arise:

- a key that `Object.prototype` also has (`constructor`, `toString`, ...) is
  read with `Object.hasOwn`, every other key with a plain read (JSON data
  inherits nothing else, and the plain read is what V8 optimises best), so a
  field named `constructor` is a field like any other; views are object
  literals of one shape, absent values null, read through `_rt.field`;
- integers are `Number.isSafeInteger` (the reference's +-(2**53 - 1) rule),
  numbers in expressions are the runtime's BigInt `Dec`, lengths count code
  points, unknown keys sort by UTF-16 code units (JavaScript's default sort);
- patterns are `svcdef.patterns.to_ecma` compiled with the `u` flag;
- every string literal goes through `js_string` (JSON with non-ASCII, `<`,
  `>` and U+2028/2029 escaped), so no spec text can end a literal or a
  `<script>` element.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from decimal import Decimal
from typing import Any, NamedTuple

from generators.python import plan
from generators.python.module import header as python_header
from svcdef import formats
from svcdef import model as m
from svcdef.expr import (
    BOOL,
    DATE,
    DATETIME,
    DECIMAL,
    INT,
    TIME,
    Group,
    ListOf,
    Money,
    PathRef,
    Text,
    Type,
    Typed,
    emit_js,
    js_string,
)
from svcdef.patterns import to_ecma
from svcdef.service import EACH, FieldInfo, FieldPath, Service

INDENT = "  "
S = js_string


def header(service: Service, what: str) -> str:
    return python_header(service, what).replace("# ", "// ").replace("#\n", "//\n")


class _Code:
    def __init__(self, depth: int = 0) -> None:
        self.lines: list[str] = []
        self.depth = depth

    def __call__(self, text: str) -> None:
        self.lines.append(INDENT * self.depth + text)

    @contextmanager
    def block(self, head: str) -> Iterator[None]:
        self(head + " {")
        self.depth += 1
        yield
        self.depth -= 1
        self("}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


class _Ptr(NamedTuple):
    base: str | None
    position: str | None
    tail: str

    def child(self, name: str) -> _Ptr:
        return _Ptr(self.base, self.position, self.tail + "/" + plan.escape_pointer(name))

    def code(self) -> str:
        if self.base is None:
            return S(self.tail)
        return f"{self.base} + {S('/')} + {self.position}" + (f" + {S(self.tail)}" if self.tail else "")


class _Fn:
    def __init__(self, depth: int = 1) -> None:
        self.code = _Code(depth)
        self.uses: set[str] = set()
        self.temp = 0

    def var(self, stem: str) -> str:
        self.temp += 1
        return f"{stem}{self.temp}"


def _kind(t: Type) -> Any:
    """How a runtime value of type `t` becomes JSON: `n` integer number, `d` decimal text, `x` as it is."""
    if isinstance(t, ListOf):
        return ["l", _kind(t.elem)]
    if isinstance(t, Group):
        return {"g": {k: _kind(v) for k, v in t.fields.items()}}
    if t == INT:
        return "n"
    if isinstance(t, Money) or t == DECIMAL:
        return "d"
    return "x"


class _Module(plan.PieceWriter):
    """Writes `index.js` for one service."""

    FEE_DAY = "_feeDay"

    def __init__(self, service: Service) -> None:
        self.service = service
        self.texts = plan.Texts(service)
        self.children = plan.children(service)
        self.constants: dict[str, str] = {}
        self.functions: list[str] = []
        self.reads: dict[FieldPath, str] = {}
        self.views: dict[tuple[FieldPath, frozenset[str] | None], str] = {}
        self.entry_reads: set[plan.EntryRead] = set()
        """The entry fields of lists read by the code being written (collected per context piece)."""
        self.unchecked: set[str] = set()
        """Context names that only the fees and computed values read, and the rules need not: `check` leaves
        them out, so the field checks read those fields themselves rather than through the typed view."""
        self.lists = plan.list_paths(service)
        self.helpers: set[str] = set()
        self.computed = {c.name: f"_c{i}" for i, c in enumerate(service.computed)}
        self.counter = 0
        self.table_functions: dict[str, tuple[Any, int]] = {}
        if service.fees is not None:
            for lookup in service.fees.tables:
                for name, output in lookup.functions().items():
                    self.table_functions[name] = (lookup, output)

    def const(self, source: str) -> str:
        name = self.constants.get(source)
        if name is None:
            name = self.constants[source] = f"K{len(self.constants)}"
        return name

    def regex(self, source: str) -> str:
        return self.const(f"new RegExp({S(to_ecma(plan.parsed(source)))}, {S('u')})")

    def matched(self, source: str, v: str) -> str:
        """The condition that the text `v` matches the portable pattern `source`.

        A pattern of ASCII digits of one length (`plan.digit_test`: `[1-9][0-9]{3}`) is checked by
        character code: the same verdict without a regular-expression call, which costs V8 about 500
        instructions whatever the pattern (4% of a valid dog-registration submission, with its postal code
        and chip numbers).
        """
        digits = plan.digit_test(source)
        if digits is None:
            return f"{self.regex(source)}.test({v})"
        self.helpers.add("ascii_digits")
        tests = [f"{v}.length === {digits.length:d}", f"asciiDigits({v})"]
        for i, low, high in digits.narrower:
            if low == high:
                tests.append(f"{v}.charCodeAt({i:d}) === {low:d}")
            else:
                tests.append(f"{v}.charCodeAt({i:d}) >= {low:d} && {v}.charCodeAt({i:d}) <= {high:d}")
        return "(" + " && ".join(tests) + ")"

    def one_of(self, codes: Iterable[str], var: str) -> str:
        """Expression: the text in `var` is one of `codes`. Up to eight codes as a chain of `===`: V8 compares a
        short text with a constant in a few instructions, where `Set.prototype.has` hashes it (about 65)."""
        ordered = sorted(set(codes))
        if len(ordered) > 8:
            return self.const("new Set([" + ", ".join(S(c) for c in ordered) + "])") + f".has({var})"
        return "(" + (" || ".join(f"{var} === {S(c)}" for c in ordered) or "false") + ")"

    def codes(self, f: m.ChoiceField | m.MultiChoiceField, var: str) -> str:
        """Expression: the text in `var` is an option code of `f`."""
        return self.one_of(plan.codes(f), var)

    def decimal(self, value: Decimal | int) -> str:
        return self.const(f"_rt.dec({S(str(value))})")

    def msg(self, key: str, **params: object) -> str:
        return f"m[{self.texts.builtin(key, **params):d}]"

    def read(self, path: FieldPath) -> str:
        name = self.reads.get(path)
        if name is None:
            name = self.reads[path] = f"_p{len(self.reads)}"
        return name

    def expr(self, typed: Typed, fn: _Fn, scope: FieldPath | None = None) -> str:
        """JavaScript source of an expression inside `fn`, where `item` is an entry of the list at `scope`.

        Records the context names it reads in `fn.uses` and the entry fields it reads in `entry_reads`.
        """

        def ref(r: PathRef) -> str:
            if r.kind == "index":
                fn.uses.add("_index")
                return "_rt.dec(_index)"
            if r.kind == "item":
                fn.uses.add("_item")
                if scope is not None:
                    self.entry_reads.add((scope, r.path[0] if r.path else None))
                if not r.path:
                    return "_item"
                # `_item` is an entry of a typed view (an object literal holding every field read, or null):
                # a member read needs none of the checks of `_rt.field`.
                return "(_item" + "".join(f"?.[{S(name)}]" for name in r.path) + " ?? null)"
            if r.path[0] in self.computed:
                base, rest = self.computed[r.path[0]], r.path[1:]
                fn.uses.add(base)
            else:
                base, rest = self.read(r.path), ()
                fn.uses.add(base)

            for name in rest:
                base = f"_rt.field({base}, {S(name)})"
            return base

        source = emit_js(
            typed,
            ref,
            pattern=lambda p: to_ecma(plan.parsed(p)),
            constant=lambda source: self.const(f"Object.freeze({source})"),
        )
        self.entry_reads |= plan.whole_list_reads(typed, self.lists)
        if "_today" in source:
            fn.uses.add("_today")
        for name in self.table_functions:
            if f"_fn_{name}(" in source:
                fn.uses.add(f"_fn_{name}")
        return source

    # -- the typed view ------------------------------------------------------------------

    def view(self, f: m.Field, path: FieldPath, var: str, fields: frozenset[str] | None = None) -> str:
        """Source of the typed view of `var` for field `f` at `path` (of a list's entries: the `fields` only)."""
        if isinstance(f, m.GroupField | m.ListField | m.MultiChoiceField | m.FileField):
            return f"{self.view_function(f, path, fields)}({var})"
        if isinstance(f, m.IntegerField):
            return f"(Number.isSafeInteger({var}) ? _rt.dec({var}) : null)"
        if isinstance(f, m.BooleanField):
            return f"({var} === true || {var} === false ? {var} : null)"
        if isinstance(f, m.DecimalField | m.MoneyField):
            return f"_rt.decimalOf({var}, {plan.decimal_scale(f):d})"
        if isinstance(f, m.ChoiceField):
            return f'(typeof {var} === "string" && {self.codes(f, var)} ? {var} : null)'
        kind = m.TEMPORAL_FIELDS.get(type(f))
        if kind is not None:
            self.helpers.add(kind)
            return f"{kind}Of({var})"
        source = plan.format_source(f)
        if source is not None:
            return f'(typeof {var} === "string" && {self.matched(source, var)} ? {var} : null)'
        return f'(typeof {var} === "string" ? {var} : null)'

    def view_function(self, f: m.Field, path: FieldPath, fields: frozenset[str] | None = None) -> str:
        name = self.views.get((path, fields))
        if name is not None:
            return name
        name = self.views[(path, fields)] = f"view{len(self.views)}"
        fn = _Code(1)
        if isinstance(f, m.GroupField):
            fn("if (!isObject(v)) return null;")
            fn("let x;")
            members: list[str] = []
            for child in f.fields:
                if fields is not None and child.name not in fields:
                    continue
                fn(f"x = {own(child.name, 'v')};")
                members.append(f"{S(child.name)}: x{len(members)}")
                fn(f"const x{len(members) - 1} = {self.view(child, (*path, child.name), 'x')};")
            fn(f"return {{{', '.join(members)}}};")
        elif isinstance(f, m.ListField):
            fn("if (!Array.isArray(v)) return null;")
            entry = (*path, EACH)
            if f.item is not None:
                fn(f"return v.map((x) => {self.view(f.item, entry, 'x')});")
            else:
                group = m.GroupField(name=EACH, type="group", label=f.label, fields=f.fields or ())
                fn(f"return v.map((x) => {self.view_function(group, entry, fields)}(x));")
        elif isinstance(f, m.MultiChoiceField):
            fn("if (!Array.isArray(v)) return null;")
            fn(f'return v.map((x) => (typeof x === "string" && {self.codes(f, "x")} ? x : null));')
        else:
            self.helpers.add("file")
            fn("return fileView(v);")
        self.functions.append(f"function {name}(v) {{\n{fn.text()}}}")
        return name

    def read_code(self, fn: _Code, names: set[str], entries: set[plan.EntryRead]) -> None:
        """Statements setting the `_p<k>` in `names` from `data`; lists viewed with the entry fields `entries` names.

        Reads below one group share its lookup.
        """
        wanted = [(path, name) for path, name in self.reads.items() if name in names]
        plan.write_reads(fn, wanted, self.service.fields, self.view, _READS, entries)

    # -- checks --------------------------------------------------------------------------

    def error(self, fn: _Fn, code: str, ptr: _Ptr, text: str) -> None:
        fn.code(f"e.push(err({S(code)}, {S(code)}, {ptr.code()}, {text}));")

    def object_function(
        self, infos: list[FieldInfo], ptr: _Ptr, item_view: FieldPath | None = None
    ) -> tuple[str, list[str]]:
        """A function checking one group or list entry `d`; `item_view` is the list's path when the entry's
        typed view is passed as `_item` (as in the Python target)."""
        entry_view = item_view if not ptr.tail else None
        self.counter += 1
        name = f"check{self.counter}"
        fn = _Fn()
        code = fn.code
        code("let v;")
        code("let n = 0;")
        for info in infos:
            key = S(info.field.name)
            at = ptr.child(info.field.name)
            if info.field.name in _PROTOTYPE_NAMES:
                code(f"if (Object.hasOwn(d, {key})) {{ v = d[{key}]; n++; }} else v = NO;")
            else:
                code(f"v = d[{key}];")
                code("if (v !== undefined) n++; else v = NO;")
            if info.visible is False:
                with code.block("if (v !== NO)"):
                    self.error(fn, "hidden", at, self.msg("hidden"))
                continue
            chain = "if"
            if info.visible is not True:
                visible = self.expr(info.visible, fn, info.scope)
                with code.block(f"if ({visible} !== true)"), code.block("if (v !== NO)"):
                    self.error(fn, "hidden", at, self.msg("hidden"))
                chain = "else if"
            if info.required is False:
                with code.block(f"{chain} (v !== NO)"):
                    self.value(fn, info, "v", at, entry_view)
                continue
            with code.block(f"{chain} (v === NO)"):
                if info.required is True:
                    self.error(fn, "required", at, self.msg("required"))
                else:
                    with code.block(f"if ({self.expr(info.required, fn, info.scope)} === true)"):
                        self.error(fn, "required", at, self.msg("required"))
            with code.block("else"):
                self.value(fn, info, "v", at, entry_view)
        known = sorted(i.field.name for i in infos)
        known_set = self.const("new Set([" + ", ".join(S(k) for k in known) + "])")
        self.helpers.add("unknown")
        code(f"if (keyCount(d) !== n) unknown(d, {known_set}, {ptr.code()}, e, {self.msg('unknown')});")
        params = sorted(fn.uses - {"_index"})
        signature = ["d", "e", "m"]
        if ptr.base is not None:
            signature += ["at", "_index"]
        signature += params
        self.functions.append(f"function {name}({', '.join(signature)}) {{\n{code.text()}}}")
        return name, params

    def call(self, fn: _Fn, target: tuple[str, list[str]], d: str, ptr: _Ptr, item: str | None) -> None:
        name, params = target
        args = [d, "e", "m"]
        if ptr.base is not None:
            args += [ptr.base, ptr.position or "_index"]
        for p in params:
            if p == "_item" and item is not None:
                args.append(item)
            else:
                fn.uses.add(p)
                args.append(p)
        fn.code(f"{name}({', '.join(args)});")

    def value(self, fn: _Fn, info: FieldInfo, v: str, at: _Ptr, item_view: FieldPath | None = None) -> None:
        f = info.field
        code = fn.code
        if isinstance(f, m.GroupField):
            with code.block(f"if (!isObject({v}))"):
                self.error(fn, "type", at, self.msg("type.object"))
            with code.block("else"):
                target = self.object_function(self.children.get(info.path, []), _Ptr(at.base, at.position, at.tail))
                self.call(fn, target, v, at, None)
        elif isinstance(f, m.ListField):
            self.list_value(fn, info, f, v, at)
        elif isinstance(f, m.MultiChoiceField):
            self.multichoice(fn, f, v, at)
        elif isinstance(f, m.FileField):
            self.file(fn, f, v, at)
        else:
            self.scalar(fn, f, v, at, self.typed(fn, info, at, item_view))

    def typed(self, fn: _Fn, info: FieldInfo, at: _Ptr, item_view: FieldPath | None) -> str | None:
        """Source of a field's typed view where the context has it (a read, or the entry view `_item`), else None.

        The check then tests that view for null instead of reading the text a second time. An entry field is
        in the entry view only when the validations' own expressions read it.
        """
        if not isinstance(info.field, m.DecimalField | m.MoneyField | m.ChoiceField) and not (
            m.TEMPORAL_FIELDS.get(type(info.field)) or plan.format_source(info.field)
        ):
            return None
        if at.base is None and info.path in self.reads and self.reads[info.path] not in self.unchecked:
            fn.uses.add(self.reads[info.path])
            return self.reads[info.path]
        name = info.field.name
        if item_view is not None and {(item_view, name), (item_view, None)} & self.entry_reads:
            fn.uses.add("_item")
            return f"_item[{S(name)}]"
        return None

    def counts(self, fn: _Fn, low: int | None, high: int | None, n: str, at: _Ptr) -> None:
        if low is not None:
            with fn.code.block(f"if ({n} < {low:d})"):
                self.error(fn, "min_items", at, self.msg("min_items", min_items=low))
        if high is not None:
            with fn.code.block(f"if ({n} > {high:d})"):
                self.error(fn, "max_items", at, self.msg("max_items", max_items=high))

    def list_value(self, fn: _Fn, info: FieldInfo, f: m.ListField, v: str, at: _Ptr) -> None:
        code = fn.code
        with code.block(f"if (!Array.isArray({v}))"):
            self.error(fn, "type", at, self.msg("type.array"))
        with code.block("else"):
            self.counts(fn, f.min_items, f.max_items, f"{v}.length", at)
            entry_path = (*info.path, EACH)
            list_at, i, x, arr = fn.var("at"), fn.var("i"), fn.var("x"), fn.var("a")
            entry = _Ptr(list_at, i, "")
            code(f"const {list_at} = {at.code()};")
            code(f"const {arr} = {v};")
            if f.item is not None and not isinstance(f.item, m.GroupField):
                with code.block(f"for (let {i} = 0; {i} < {arr}.length; {i}++)"):
                    code(f"const {x} = {arr}[{i}];")
                    self.value(fn, self.service.info(entry_path), x, entry)
                return
            viewed = info.path if not plan.in_nested_list(info.path) and info.path in self.reads else None
            target = self.object_function(self.children.get(entry_path, []), _Ptr("at", "_index", ""), viewed)
            item = None
            if "_item" in target[1]:
                if plan.in_nested_list(info.path):
                    views = fn.var("w")
                    code(f"let {views} = {self.enclosing_view(fn, info.path, _READS)};")
                    code(f"if (!Array.isArray({views})) {views} = [];")
                    item = f"({i} < {views}.length ? {views}[{i}] : null)"
                else:
                    view = self.read(info.path)
                    fn.uses.add(view)
                    item = f"{view}[{i}]"
            with code.block(f"for (let {i} = 0; {i} < {arr}.length; {i}++)"):
                code(f"const {x} = {arr}[{i}];")
                with code.block(f"if (!isObject({x}))"):
                    self.error(fn, "type", entry, self.msg("type.object"))
                with code.block("else"):
                    self.call(fn, target, x, entry, item)

    def multichoice(self, fn: _Fn, f: m.MultiChoiceField, v: str, at: _Ptr) -> None:
        code = fn.code
        with code.block(f"if (!Array.isArray({v}))"):
            self.error(fn, "type", at, self.msg("type.array"))
        with code.block("else"):
            self.counts(fn, f.min_items, f.max_items, f"{v}.length", at)
            self.helpers.add("multichoice")
            codes = self.const("new Set([" + ", ".join(S(c) for c in sorted(plan.codes(f))) + "])")
            code(f"multichoice({v}, {codes}, {at.code()}, e, {self.msg('option')}, {self.msg('unique')});")

    def file(self, fn: _Fn, f: m.FileField, v: str, at: _Ptr) -> None:
        code = fn.code
        with code.block(f"if (!isObject({v}))"):
            self.error(fn, "type", at, self.msg("type.object"))
        with code.block("else"):
            allowed = self.const("[" + ", ".join(S(t) for t in f.media_types) + "]")
            self.helpers.add("file_check")
            texts = [
                self.msg("media_types", media_types=", ".join(f.media_types)),
                self.msg("max_size", max_size=f.max_size),
                self.msg("required"),
                self.msg("type.integer"),
                self.msg("min", min=0),
                self.msg("type.string"),
                self.msg("min_length", min_length=1),
                self.msg("unknown"),
            ]
            # A well-formed reference passes one test; anything else gets the checks that name what is wrong.
            exact, prefixes = plan.media_types(f)
            media = f"{v}.media_type"
            allowed_media = (
                " || ".join(
                    ([self.one_of(exact, media)] if exact else []) + [f"{media}.startsWith({S(p)})" for p in prefixes]
                )
                or "false"
            )
            own = " && ".join(f"Object.hasOwn({v}, {S(k)})" for k in plan.FILE_KEYS)
            well_formed = (
                f'Object.keys({v}).length === 4 && {own} && typeof {v}.name === "string" && {v}.name !== ""'
                f' && typeof {media} === "string" && ({allowed_media}) && Number.isSafeInteger({v}.size)'
                f' && {v}.size >= 0 && {v}.size <= {f.max_size:d} && typeof {v}.ref === "string" && {v}.ref !== ""'
            )
            with code.block(f"if (!({well_formed}))"):
                code(f"fileCheck({v}, {allowed}, {f.max_size:d}, {at.code()}, e, [{', '.join(texts)}]);")

    def scalar(self, fn: _Fn, f: m.Field, v: str, at: _Ptr, typed: str | None = None) -> None:
        """Checks of a present scalar `v`; `typed` names its typed view when the context has it (null: malformed)."""
        code = fn.code
        if isinstance(f, m.IntegerField):
            with code.block(f"if (!Number.isSafeInteger({v}))"):
                self.error(fn, "type", at, self.msg("type.integer"))
            if f.min is not None or f.max is not None:
                with code.block("else"):
                    for whole, op, key in ((f.min, "<", "min"), (f.max, ">", "max")):
                        if whole is not None:
                            with code.block(f"if ({v} {op} {int(whole):d})"):
                                self.error(fn, key, at, self.msg(key, **{key: whole}))
            return
        if isinstance(f, m.BooleanField):
            with code.block(f"if ({v} !== true && {v} !== false)"):
                self.error(fn, "type", at, self.msg("type.boolean"))
            return
        if isinstance(f, m.DecimalField | m.MoneyField):
            scale = plan.decimal_scale(f)
            # the text's form and its nearest double in one scan (`decimalNumber`: NaN for another form)
            bounded = f.min is not None or f.max is not None
            t = fn.var("t")
            if bounded or not typed:
                code(f"let {t} = NaN;")
            with code.block(f'if (typeof {v} !== "string")'):
                self.error(fn, "type", at, self.msg("type.decimal"))
            read = f"({t} = _rt.decimalNumber({v}, {scale:d})) !== {t}"
            with code.block(f"else if ({typed} === null)" if typed else f"else if ({read})"):
                self.error(fn, "format", at, self.msg("format.decimal", scale=scale))
            if bounded:
                with code.block("else"):
                    # Doubles round monotonically: unequal doubles order the decimals; equal ones ask the Dec.
                    if typed:
                        code(f"{t} = _rt.decimalNumber({v}, {scale:d});")
                    for bound, op, key in ((f.min, "<", "min"), (f.max, ">", "max")):
                        if bound is not None:
                            near = self.const(f"Number({S(str(bound))})")
                            exact = f"_rt.{'lt' if op == '<' else 'gt'}(_rt.dec({v}), {self.decimal(bound)})"
                            with code.block(f"if ({t} {op} {near} || ({t} === {near} && {exact}))"):
                                self.error(fn, key, at, self.msg(key, **{key: bound}))
            return
        if isinstance(f, m.ChoiceField):
            with code.block(f'if (typeof {v} !== "string")'):
                self.error(fn, "type", at, self.msg("option"))
            with code.block(f"else if ({typed} === null)" if typed else f"else if (!{self.codes(f, v)})"):
                self.error(fn, "option", at, self.msg("option"))
            return
        kind = m.TEMPORAL_FIELDS.get(type(f))
        if kind is not None:
            self.helpers.add(kind)
            with code.block(f'if (typeof {v} !== "string")'):
                self.error(fn, "type", at, self.msg(f"format.{kind}"))
            with code.block("else"):
                t = fn.var("t")
                code(f"const {t} = {typed or f'{kind}Of({v})'};")
                with code.block(f"if ({t} === null)"):
                    self.error(fn, "format", at, self.msg(f"format.{kind}"))
                low_text, high_text = getattr(f, "min", None), getattr(f, "max", None)
                low, high = plan.temporal_bound(f, low_text), plan.temporal_bound(f, high_text)
                if low is not None or high is not None:
                    with code.block("else"):
                        for bound, text, op, key in ((low, low_text, "<", "min"), (high, high_text, ">", "max")):
                            if bound is not None:
                                with code.block(f"if ({t} {op} {S(bound.isoformat())})"):
                                    self.error(fn, key, at, self.msg(key, **{key: text}))
            return
        source = plan.format_source(f)
        fmt = m.FORMAT_FIELDS.get(type(f))
        verdict = None
        if fmt in formats.CHECK_DIGITS and not typed:
            # the form and the check digits in one pass over the characters (`ibanRead` and the like)
            verdict = fn.var("r")
            self.helpers.add(f"{fmt}_read")
            code(f"let {verdict} = -1;")
        with code.block(f'if (typeof {v} !== "string")'):
            self.error(fn, "type", at, self.msg("type.string"))
        if source is not None and fmt is not None:
            if verdict is not None:
                test = f"({verdict} = {fmt}Read({v})) < 0"
            else:
                test = f"{typed} === null" if typed else f"!{self.matched(source, v)}"
            with code.block(f"else if ({test})"):
                self.error(fn, "format", at, self.msg(f"format.{fmt}"))
        rest = _Fn(code.depth + 1)
        rest.temp = fn.temp
        self.text_constraints(rest, f, fmt, v, at, verdict)
        fn.temp = rest.temp
        fn.uses |= rest.uses
        if rest.code.lines:
            code("else {")
            code.lines += rest.code.lines
            code("}")

    def text_constraints(
        self, fn: _Fn, f: m.Field, fmt: str | None, v: str, at: _Ptr, verdict: str | None = None
    ) -> None:
        """The checks of a text that has its form; `verdict` names the result of the `<format>Read` that tested
        the form and read the check digits with it (1 when they are right), if one did."""
        code = fn.code
        if fmt in formats.CHECK_DIGITS:
            self.helpers.add(f"{fmt}_read")
            with code.block(f"if ({verdict or f'{fmt}Read({v})'} !== 1)"):
                self.error(fn, "checksum", at, self.msg("checksum"))
        if isinstance(f, m.IbanField) and f.countries:
            country = fn.var("c")
            code(f"const {country} = {v}.slice(0, 2);")
            with code.block(f"if (!{self.one_of(f.countries, country)})"):
                self.error(fn, "countries", at, self.msg("countries", countries=", ".join(f.countries)))
        if isinstance(f, m.TextField | m.EmailField):
            low = (f.min_length if f.min_length is not None else 1) if isinstance(f, m.TextField) else None
            high = f.max_length
            self.helpers.add("length")
            n = fn.var("n")
            code(f"const {n} = {v}.length;")
            if low is not None:
                with code.block(f"if ({n} < {2 * low:d} && codePoints({v}) < {low:d})"):
                    self.error(fn, "min_length", at, self.msg("min_length", min_length=low))
            if high is not None:
                with code.block(f"if ({n} > {high:d} && codePoints({v}) > {high:d})"):
                    self.error(fn, "max_length", at, self.msg("max_length", max_length=high))
        if isinstance(f, m.TextField) and f.pattern is not None:
            text = self.msg("pattern") if f.pattern_message is None else f"m[{self.texts.text(f.pattern_message):d}]"
            with code.block(f"if (!{self.matched(f.pattern.text, v)})"):
                self.error(fn, "pattern", at, text)

    # -- validations, computed values, fees -----------------------------------------------

    def rules(self, fn: _Fn) -> None:
        code = fn.code
        for rule in self.service.rules:
            v = rule.validation
            text = f"m[{self.texts.text(v.message):d}]"
            rule_id = S(v.id)
            if rule.for_each is None:
                condition = self.expr(rule.rule, fn)
                pointer = S(_rule_pointer(rule.at, None))
                test = f"{condition} === false"
                if rule.when is not None:
                    test = f"{self.expr(rule.when, fn)} === true && {test}"
                code(f"if ({test}) e.push(err({S('rule')}, {rule_id}, {pointer}, {text}));")
                continue
            entries = self.read(rule.for_each)
            fn.uses.add(entries)
            inner = _Fn()
            condition = self.expr(rule.rule, inner, rule.for_each)
            when = self.expr(rule.when, inner, rule.for_each) if rule.when is not None else None
            fn.uses |= inner.uses - {"_item", "_index"}
            head, tail = _rule_pointer(rule.at, rule.for_each).split("\0")
            pointer = f"{S(head)} + _index" + (f" + {S(tail)}" if tail else "")
            test = f"{when} === true && {condition} === false" if when else f"{condition} === false"
            with (
                code.block(f"if (Array.isArray({entries}))"),
                code.block(f"for (let _index = 0; _index < {entries}.length; _index++)"),
            ):
                code(f"const _item = {entries}[_index];")
                code(f"if ({test}) e.push(err({S('rule')}, {rule_id}, {pointer}, {text}));")

    def table_definitions(self, fn: _Fn) -> list[str]:
        lines = []
        for name, (lookup, output) in self.table_functions.items():
            if f"_fn_{name}" in fn.uses:
                fn.uses.add("_feeDay")
                table = self.const(_table_data(lookup))
                integer = "true" if lookup.outputs[output].type == "integer" else "false"
                lines.append(f"{INDENT}const _fn_{name} = table({table}, {output:d}, {integer}, _feeDay);")
        return lines

    def fee_day(self, fn: _Fn) -> None:
        fee_plan = self.service.fees
        assert fee_plan is not None
        if fee_plan.date is None:
            fn.code("const _feeDay = _today;")
            return
        fn.code(f"const found = {self.expr(fee_plan.date, fn)};")
        fn.code('const _feeDay = typeof found === "string" ? found : _today;')

    def new_fn(self) -> _Fn:
        return _Fn()

    def table_line(self, name: str, lookup: Any, output: int) -> str:
        """`_fn_<name>`: the lookup of one table output, bound to the tables in force on the fee day."""
        table = self.const(_table_data(lookup))
        integer = "true" if lookup.outputs[output].type == "integer" else "false"
        return f"{INDENT}const _fn_{name} = table({table}, {output:d}, {integer}, _feeDay);"

    def computed_value(self, c: Any, fn: _Fn) -> None:
        fn.code(f"const {self.computed[c.name]} = {self.expr(c.value, fn)};")

    def context(self, pieces: list[plan.Piece], names: set[str], entries: set[plan.EntryRead]) -> str:
        """`compute`: every context name from a submission, as an array in the order of `slots`."""
        code = self.context_lines(pieces, names, entries)
        code(f"return [{', '.join(self.slots())}];")
        return f"\nfunction compute(data, _today) {{\n{code.text()}}}"

    def context_lines(self, pieces: list[plan.Piece], names: set[str], entries: set[plan.EntryRead]) -> _Code:
        """Statements computing the context names `names` (and what they need) from a submission `data`."""
        names, entries = plan.closure(pieces, names, entries)
        code = _Code(1)
        reads = [r for r in self.reads.values() if r in names]
        if reads:
            code(f"let {', '.join(f'{r} = null' for r in reads)};")
            code("let r0, r1, r2, r3, r4, r5, r6, r7;")
            with code.block("if (isObject(data))"):
                self.read_code(code, names, entries)
        for piece in pieces:
            if piece.name in names:
                code.lines += piece.lines
        return code

    def fees(self, fn: _Fn) -> None:
        fee_plan = self.service.fees
        assert fee_plan is not None
        code = fn.code
        rounding = fee_plan.fees.rounding
        step = rounding.step if rounding else Decimal("0.01")
        mode = rounding.mode if rounding else "half_up"
        apply = rounding.apply if rounding else "both"
        step_k = self.decimal(step)
        self.helpers.add("fees")
        code("const lines = [];")
        code("let a;")
        for line in fee_plan.lines:
            item = line.item
            tests = []
            start = formats.parse_date(item.valid_from) if item.valid_from else None
            end = formats.parse_date(item.valid_until) if item.valid_until else None
            if start is not None:
                tests.append(f"_feeDay >= {S(start.isoformat())}")
            if end is not None:
                tests.append(f"_feeDay <= {S(end.isoformat())}")
            if tests:
                fn.uses.add("_feeDay")
            with code.block(f"if ({' && '.join(tests)})") if tests else nullcontext():
                label = f"m[{self.texts.text(item.label):d}]"
                loop: Any = nullcontext()
                where = "null"
                if line.for_each is not None:
                    entries = self.read(line.for_each)
                    fn.uses.add(entries)
                    prefix = "".join(f"/{name}" for name in line.for_each if name != EACH) + "/"
                    loop = code.block(
                        f"for (let _index = 0; _index < (Array.isArray({entries}) ? {entries}.length : 0); _index++)"
                    )
                    where = f"{S(prefix)} + _index"
                with loop:
                    if line.for_each is not None:
                        code(f"const _item = {self.read(line.for_each)}[_index];")
                    when: Any = nullcontext()
                    if line.when is not None:
                        when = code.block(f"if ({self.expr(line.when, fn, line.for_each)} === true)")
                    with when:
                        code(f"a = {self.expr(line.amount, fn, line.for_each)};")
                        with code.block("if (_rt.isDec(a))"):
                            if item.min is not None:
                                k = self.decimal(item.min)
                                code(f"if (_rt.lt(a, {k})) a = {k};")
                            if item.max is not None:
                                k = self.decimal(item.max)
                                code(f"if (_rt.gt(a, {k})) a = {k};")
                            if apply in ("item", "both"):
                                code(f"a = roundToStep(a, {step_k}, {S(mode)});")
                            code(f"lines.push([{S(item.line_id or item.id)}, {label}, a, {where}]);")
        code("let total = _rt.dec(0);")
        code("for (const line of lines) total = _rt.add(total, line[2]);")
        if apply in ("total", "both"):
            code(f"total = roundToStep(total, {step_k}, {S(mode)});")
        code(
            f"return {{ currency: {S(fee_plan.currency)}, items: lines.map(([id, label, amount, at]) => "
            "({ id, label, amount: moneyText(amount), for: at })), total: moneyText(total) };"
        )

    # -- the whole module ----------------------------------------------------------------

    def build(self) -> str:
        service = self.service
        fees, fee_reads, pieces = self.fees_and_pieces()
        piece_reads = set(self.reads.values())
        validate = _Fn()
        code = validate.code
        self.rules(validate)  # before the checks, so that they can use the typed views the rules read
        rule_lines, code.lines = code.lines, []
        needed, _ = plan.closure(pieces, validate.uses, set())
        self.unchecked = piece_reads - needed
        root = self.object_function(self.children.get((), []), _Ptr(None, None, ""))
        with code.block("if (isObject(data))"):
            self.call(validate, root, "data", _Ptr(None, None, ""), None)
        code(f"else e.push(err({S('type')}, {S('type')}, {S('')}, {self.msg('type.object')}));")
        code.lines += rule_lines
        code("return e;")
        run_reads = self.entry_reads
        slots = self.slots()
        all_reads = run_reads | fee_reads | {r for p in pieces for r in p.reads}
        context = self.context(pieces, set(slots), all_reads)
        # `check` is `run` on a context of only what the checks read, in one function (no context array)
        check = self.context_lines(pieces, validate.uses & set(slots), run_reads)
        check.lines[:0] = [f"{INDENT}const e = [];"]
        check.lines += validate.code.lines
        check_function = f"\nfunction check(data, _today, m) {{\n{check.text()}}}"

        order = [c.name for c in service.spec.computed]
        kinds = {c.name: _kind(c.type) for c in service.computed}
        computed_entries = [
            f"[{S(c.name)}, {slots.index(self.computed[c.name]):d}, {self.const(_js_data(kinds[c.name]))}]"
            for c in sorted(service.computed, key=lambda c: order.index(c.name))
        ]

        out: list[str] = [
            header(service, "Validator, computed values and fees of this service (ES module, no dependencies)."),
            'import * as _rt from "./svcdef_runtime.js";',
            "",
            _FIXED,
        ]
        for source, name in self.constants.items():
            out.append(f"const {name} = {source};")
        _, by_lang, distinct = self.texts.tables()
        for i, table in enumerate(distinct):
            out.append(f"const T{i} = Object.freeze([")
            out += [f"  {S(t)}," for t in table]
            out.append("]);")
        out.append("const TABLES = new Map([" + ", ".join(f"[{S(k)}, T{v}]" for k, v in by_lang.items()) + "]);")
        out.append(f"const TIME_ZONE_NAME = {S(service.spec.service.timezone)};")
        out.append(f"const COMPUTED = [{', '.join(computed_entries)}];")
        if self.table_functions:
            self.helpers.add("table")
        for helper in sorted(self.helpers):
            out.append(_HELPERS[helper])
        out += [f"\n{f}" for f in self.functions]
        out += [context, check_function]
        out.append(_fn_def("run", "data, _today, m, ctx", validate, slots, "const e = [];"))
        if fees is not None:
            out.append(_fn_def("computeFees", "_today, m, ctx", fees, slots))
        api = _API.replace("$FEES$", "computeFees(day, messages(lang), compute(data, day))" if fees else "null")
        out.append(api.replace("$FEES_CTX$", "computeFees(day, m, ctx)" if fees else "null"))
        return "\n".join(out).rstrip("\n") + "\n"


_PROTOTYPE_NAMES = frozenset(
    {
        "__proto__",
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__",
        "constructor",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "toString",
        "valueOf",
    }
)
"""The properties every plain object inherits from `Object.prototype`: only these need an own-property test."""


def own(key: str, obj: str) -> str:
    """The own value of `key` in the object `obj`, null when it has none (see the module docstring)."""
    if key in _PROTOTYPE_NAMES:
        return f"(Object.hasOwn({obj}, {S(key)}) ? {obj}[{S(key)}] : null)"
    return f"({obj}[{S(key)}] ?? null)"


_READS = plan.Dialect(
    get=lambda var, key, raw: f"{var} = {own(key, raw)};",
    is_object=lambda var: f"if (isObject({var}))",
    field=lambda value, name: f"_rt.field({value}, {S(name)})",
    assign=lambda name, value: f"{name} = {value};",
)


def _literal(value: Any) -> str:
    """A table cell value as JavaScript source: numbers as `Dec`, dates and times as canonical ISO text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return f"_rt.dec({S(str(value))})"
    if isinstance(value, str):
        return S(value)
    return S(value.isoformat())


def _table_data(lookup: Any) -> str:
    """A lookup's versions as a constant (the layout of the Python target's `_table_data`)."""
    versions = []
    for v in lookup.versions:
        rows = []
        for row in v.rows:
            conditions = []
            for c in row.conditions:
                if c.is_any:
                    conditions.append("null")
                elif c.values is not None:
                    values = ", ".join(_literal(x) for x in sorted(c.values, key=repr))
                    conditions.append(f"[true, [{values}]]")
                else:
                    intervals = ", ".join(
                        f"[{_literal(i.low)}, {'true' if i.low_closed else 'false'}, {_literal(i.high)}, "
                        f"{'true' if i.high_closed else 'false'}]"
                        for i in c.intervals
                    )
                    conditions.append(f"[false, [{intervals}]]")
            outputs = ", ".join(_literal(x) for x in row.outputs)
            rows.append(f"[[{', '.join(conditions)}], [{outputs}]]")
        versions.append(
            f"[{_literal(v.valid_from)}, {_literal(v.valid_until)}, {S(v.hit_policy)}, [{', '.join(rows)}]]"
        )
    return "[" + ", ".join(versions) + "]"


def _js_data(value: Any) -> str:
    """A JSON-like constant as JavaScript source (strings through `js_string`)."""
    if isinstance(value, str):
        return S(value)
    if isinstance(value, list):
        return "[" + ", ".join(_js_data(v) for v in value) + "]"
    return "{" + ", ".join(f"{S(k)}: {_js_data(v)}" for k, v in value.items()) + "}"


def _fn_def(name: str, params: str, fn: _Fn, slots: list[str], first: str = "") -> str:
    lines = [f"\nfunction {name}({params}) {{"]
    if first:
        lines.append(INDENT + first)
    for i, slot in enumerate(slots):
        if slot in fn.uses:
            lines.append(f"{INDENT}const {slot} = ctx[{i:d}];")
    return "\n".join(lines) + "\n" + fn.code.text() + "}"


def _rule_pointer(at: FieldPath | None, for_each: FieldPath | None) -> str:
    if at is None:
        at = (*for_each, EACH) if for_each is not None else ()
    return "".join("/" + ("\0" if name == EACH else plan.escape_pointer(name)) for name in at)


def index_module(service: Service) -> str:
    """The source of `index.js`."""
    return _Module(service).build()


_FIXED = """const NO = Symbol("missing");

function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function err(code, rule, pointer, message) {
  return { code, rule, pointer, message };
}
"""

_HELPERS = {
    "date": """
/** A date `YYYY-MM-DD` that exists (the runtime reads the digits itself; no pattern needed). */
const dateOf = _rt.date;
""",
    "datetime": """
/** `YYYY-MM-DDTHH:MM[:SS]` that exists: the runtime reads it; the two lengths shut out fractions of seconds. */
function datetimeOf(v) {
  return typeof v === "string" && (v.length === 16 || v.length === 19) ? _rt.datetime(v) : null;
}
""",
    "time": """
/** `HH:MM[:SS]`: the runtime reads it; the two lengths shut out fractions of seconds. */
function timeOf(v) {
  return typeof v === "string" && (v.length === 5 || v.length === 8) ? _rt.time(v) : null;
}
""",
    "length": """
/** The number of Unicode code points of s (a lone surrogate counts as one), as Python's len(). */
function codePoints(s) {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n -= 1;
        i += 1;
      }
    }
  }
  return n;
}
""",
    "unknown": """
/**
 * The number of keys of an object (own and enumerable: a parsed JSON object has no others). A function of its
 * own, so that a check function loops at most over list entries: a loop over the keys of a large form let V8,
 * after a deoptimisation, compile it for on-stack replacement and go on calling the unoptimised code.
 */
function keyCount(d) {
  let keys = 0;
  for (const _ in d) keys++;
  return keys;
}

function escapeKey(k) {
  return k.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** An `unknown` error for each own key of d not in known, in UTF-16 code unit order. */
function unknown(d, known, at, e, text) {
  const extra = Object.keys(d).filter((k) => !known.has(k));
  extra.sort();
  for (const k of extra) e.push(err("unknown", "unknown", at + "/" + escapeKey(k), text));
}
""",
    "multichoice": """
function multichoice(v, codes, at, e, option, unique) {
  const seen = new Set();
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== "string") e.push(err("type", "type", at + "/" + i, option));
    else if (!codes.has(x)) e.push(err("option", "option", at + "/" + i, option));
    else if (seen.has(x)) e.push(err("unique", "unique", at + "/" + i, unique));
    else seen.add(x);
  }
}
""",
    "file": """
function fileView(v) {
  if (!isObject(v)) return null;
  const out = Object.create(null);
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (k === "size") {
      if (Number.isSafeInteger(x) && x >= 0) out[k] = _rt.dec(x);
    } else if ((k === "name" || k === "media_type" || k === "ref") && typeof x === "string" && (k === "media_type" || x !== "")) {
      out[k] = x;
    }
  }
  return out;
}
""",
    "file_check": """
const FILE_KEYS = ["name", "media_type", "size", "ref"];

function fileCheck(v, allowed, maxSize, at, e, m) {
  const mediaType = Object.hasOwn(v, "media_type") ? v.media_type : null;
  const size = Object.hasOwn(v, "size") && Number.isSafeInteger(v.size) ? v.size : null;
  if (typeof mediaType === "string" && !allowed.some((p) => p === mediaType || (p.endsWith("/*") && mediaType.startsWith(p.slice(0, -1))))) {
    e.push(err("media_types", "media_types", at, m[0]));
  }
  if (size !== null && size > maxSize) e.push(err("max_size", "max_size", at, m[1]));
  for (const key of FILE_KEYS) {
    if (!Object.hasOwn(v, key)) e.push(err("required", "required", at + "/" + key, m[2]));
    else if (key === "size") {
      if (!Number.isSafeInteger(v.size)) e.push(err("type", "type", at + "/size", m[3]));
      else if (v.size < 0) e.push(err("min", "min", at + "/size", m[4]));
    } else if (typeof v[key] !== "string") e.push(err("type", "type", at + "/" + key, m[5]));
    else if (key !== "media_type" && v[key] === "") e.push(err("min_length", "min_length", at + "/" + key, m[6]));
  }
  const extra = Object.keys(v).filter((k) => !FILE_KEYS.includes(k));
  extra.sort();
  for (const k of extra) e.push(err("unknown", "unknown", at + "/" + escapeKey(k), m[7]));
}
""",
    "iban_read": """
/**
 * An IBAN: -1 unless the text has the form `[A-Z]{2}[0-9]{2}( ?[A-Z0-9]){11,30}`, else 1 when its ISO 13616
 * check digits are right (mod 97 == 1), else 0. One pass over the characters, no string built: the
 * pattern and a second pass for the check digits took a regular-expression call more.
 */
function ibanRead(v) {
  const n = v.length;
  if (n < 15) return -1;
  let rest = 0;
  let count = 0;
  let space = false;
  for (let i = 4; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c === 32) {
      if (space) return -1;
      space = true;
      continue;
    }
    space = false;
    if (c >= 48 && c <= 57) rest = (rest * 10 + c - 48) % 97;
    else if (c >= 65 && c <= 90) rest = (rest * 100 + c - 55) % 97;
    else return -1;
    count += 1;
  }
  if (space || count < 11 || count > 30) return -1;
  const a = v.charCodeAt(0);
  const b = v.charCodeAt(1);
  const c = v.charCodeAt(2);
  const d = v.charCodeAt(3);
  if (!(a >= 65 && a <= 90 && b >= 65 && b <= 90 && c >= 48 && c <= 57 && d >= 48 && d <= 57)) return -1;
  rest = (rest * 100 + a - 55) % 97;
  rest = (rest * 100 + b - 55) % 97;
  rest = (rest * 10 + c - 48) % 97;
  return (rest * 10 + d - 48) % 97 === 1 ? 1 : 0;
}
""",
    "ahv_number_read": """
/**
 * A Swiss social security number: -1 unless the text has the form `756.dddd.dddd.dd`, else 1 when its EAN-13
 * check digit is right, else 0. One pass, in place of the pattern and a second pass for the check digit.
 */
function ahv_numberRead(v) {
  if (v.length !== 16 || v.charCodeAt(3) !== 46 || v.charCodeAt(8) !== 46 || v.charCodeAt(13) !== 46) return -1;
  if (v.charCodeAt(0) !== 55 || v.charCodeAt(1) !== 53 || v.charCodeAt(2) !== 54) return -1;
  let total = 0;
  let k = 0;
  let last = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 3 || i === 8 || i === 13) continue;
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    if (k < 12) total += k % 2 ? 3 * c : c;
    else last = c;
    k += 1;
  }
  return (10 - (total % 10)) % 10 === last ? 1 : 0;
}
""",
    "uid_read": """
/**
 * A Swiss enterprise number: -1 unless the text has the form `CHE-ddd.ddd.ddd`, else 1 when its mod-11
 * check digit (eCH-0097) is right, else 0. One pass, in place of the pattern and a second pass.
 */
const UID_READ_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4];

function uidRead(v) {
  if (v.length !== 15 || v.charCodeAt(0) !== 67 || v.charCodeAt(1) !== 72 || v.charCodeAt(2) !== 69) return -1;
  if (v.charCodeAt(3) !== 45 || v.charCodeAt(7) !== 46 || v.charCodeAt(11) !== 46) return -1;
  let total = 0;
  let k = 0;
  let last = 0;
  for (let i = 4; i < 15; i++) {
    if (i === 7 || i === 11) continue;
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    if (k < 8) total += c * UID_READ_WEIGHTS[k];
    else last = c;
    k += 1;
  }
  const check = 11 - (total % 11);
  return check !== 10 && (check === 11 ? 0 : check) === last ? 1 : 0;
}
""",
    "ascii_digits": """
/** Whether every character of v is an ASCII digit. */
function asciiDigits(v) {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
""",
    "table": """
/** -1, 0 or 1 for two numbers or two ISO texts; null for values of different kinds. */
function order(a, b) {
  if (_rt.isDec(a)) return _rt.isDec(b) ? (_rt.lt(a, b) ? -1 : _rt.gt(a, b) ? 1 : 0) : null;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

/** Whether an input value meets a table cell's condition; an absent value meets only `any`. */
function meets(condition, value) {
  if (condition === null) return true;
  if (value === null || value === undefined) return false;
  const [isSet, options] = condition;
  if (isSet) return options.some((v) => typeof v === typeof value && v === value);
  for (const [low, lowClosed, high, highClosed] of options) {
    const l = low === null ? 1 : order(value, low);
    const h = high === null ? -1 : order(value, high);
    if (l === null || h === null) return false;
    if ((l > 0 || (l === 0 && lowClosed)) && (h < 0 || (h === 0 && highClosed))) return true;
  }
  return false;
}

/** The function of one output of a decision table, answering from the version in force on `day`. */
function table(versions, output, integer, day) {
  return (...args) => {
    const version = versions.find(([start, end]) => (start === null || start <= day) && (end === null || day <= end));
    if (version === undefined) return null;
    const found = version[3].filter(([conditions]) => conditions.every((c, i) => i >= args.length || meets(c, args[i] ?? null)));
    if (found.length === 0) return null;
    if (version[2] !== "collect_sum") return found[0][1][output];
    let total = _rt.dec(0);
    for (const row of found) if (row[1][output] !== null) total = _rt.add(total, row[1][output]);
    return total;
  };
}
""",
    "fees": """
/** amount rounded to a multiple of step by mode (half_up: ties away from zero); exact, on BigInts. */
function roundToStep(amount, step, mode) {
  const scale = amount.s > step.s ? amount.s : step.s;
  let num = amount.m * 10n ** BigInt(scale - amount.s);
  const den = step.m * 10n ** BigInt(scale - step.s);
  const negative = num < 0n;
  if (negative) num = -num;
  let steps = num / den;
  const rest = num % den;
  if (mode === "down" || rest === 0n) {
    // keep
  } else if (mode === "up" || 2n * rest > den) steps += 1n;
  else if (2n * rest < den) {
    // keep
  } else if (mode === "half_up") steps += 1n;
  else steps += steps % 2n;
  return new _rt.Dec((negative ? -steps : steps) * step.m, step.s);
}

/** An amount with at least two digits after the point (BigInts have no negative zero). */
function moneyText(amount) {
  const d = amount.s < 2 ? new _rt.Dec(amount.m * 10n ** BigInt(2 - amount.s), 2) : amount;
  return _rt.str(d);
}
""",
}

_API = """
function toJson(v, kind) {
  if (v === null || v === undefined) return null;
  if (_rt.isDec(v)) return kind === "n" ? Number(_rt.str(v)) : _rt.str(v);
  if (Array.isArray(v)) return v.map((x) => toJson(x, Array.isArray(kind) ? kind[1] : "x"));
  if (typeof v === "object") {
    const out = {};
    const fields = kind !== null && typeof kind === "object" && !Array.isArray(kind) ? kind.g : {};
    for (const k of Object.keys(v)) {
      if (v[k] !== null) out[k] = toJson(v[k], Object.hasOwn(fields, k) ? fields[k] : "x"); // views hold absent values as null
    }
    return out;
  }
  return v;
}

/**
 * The message table of lang: the service's first language for a language it does not know. lang is read as a
 * language tag, of which only the primary subtag counts, in any case: "fr-CH", "FR" and "fr_CH" are "fr" (what
 * navigator.language or an Accept-Language header gives).
 */
function messages(lang) {
  if (typeof lang !== "string" || lang === "") return T0;
  const table = TABLES.get(lang);
  if (table !== undefined) return table;
  const primary = lang.replace(/_/g, "-").split("-", 1)[0];
  return TABLES.get(/^[\\u0000-\\u007f]*$/.test(primary) ? primary.toLowerCase() : primary) ?? T0;
}

/**
 * The current date (YYYY-MM-DD) in the service's time zone. Kept for the rest of the clock's minute: every
 * UTC offset in use is a whole number of minutes, so a zone's day never changes within one.
 */
let clockMinute = NaN;
let clockDay = "";

export function serviceToday() {
  const now = Date.now();
  const minute = Math.floor(now / 60000);
  if (minute !== clockMinute) {
    clockDay = dayOf(new Date(now));
    clockMinute = minute;
  }
  return clockDay;
}

/** The day formatter of the service's time zone: made on first use and kept (making one costs about 40 validations). */
let dayFormat = null;

function dayOf(d) {
  dayFormat ??= new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE_NAME, year: "numeric", month: "2-digit", day: "2-digit" });
  const parts = dayFormat.formatToParts(d);
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get("year").padStart(4, "0")}-${get("month")}-${get("day")}`;
}

/**
 * The last date text `theDay` accepted: callers pass the same day again and again, and one comparison costs
 * less than even the runtime's memo of the dates it has read (430 instructions of a dog-registration validation).
 */
let lastDay = null;
const FIRST_DAY = Date.parse("0001-01-02T00:00:00Z");

function theDay(value, what) {
  if (value === undefined || value === null) return serviceToday();
  if (value === lastDay) return value;
  // a Date's day is checked too: an invalid one has none, one past 9999 none that `date` reads, and `Intl`
  // writes years BC as AD (1 BC as 1): no Date before 2 January of the year 1 (UTC) is taken
  const day = _rt.date(value instanceof Date ? (value.getTime() >= FIRST_DAY ? dayOf(value) : null) : value);
  if (day === null) throw new TypeError(`${what} must be a date "YYYY-MM-DD" or a Date of the years 1 to 9999`);
  lastDay = day;
  return day;
}

/** Every error of the submission (parsed JSON), in reporting order; empty when it is valid. */
export function validate(data, options = {}) {
  const day = theDay(options?.today, "today");
  return check(data, day, messages(options?.lang));
}

/** Whether the submission has no error. */
export function isValid(data, options = {}) {
  return validate(data, options).length === 0;
}

/** The computed values of the submission, as JSON data (decimals and dates as text, absent as null). */
export function computed(data, options = {}) {
  return computedValues(compute(data, theDay(options?.today, "today")));
}

function computedValues(ctx) {
  const out = {};
  for (const [name, slot, kind] of COMPUTED) out[name] = toJson(ctx[slot], kind);
  return out;
}

/** The itemised fee of the submission on `date`, labels in `lang`; null if the service charges none. */
export function fees(data, options = {}) {
  const day = theDay(options?.date, "date");
  const lang = options?.lang;
  return $FEES$;
}

/** Verdict, errors, computed values and fees of the submission in one pass. */
export function evaluate(data, options = {}) {
  const day = theDay(options?.today, "today");
  const lang = options?.lang;
  const ctx = compute(data, day);
  const m = messages(lang);
  const errors = run(data, day, m, ctx);
  const charged = $FEES_CTX$;
  return { valid: errors.length === 0, errors, computed: computedValues(ctx), fees: charged };
}
"""


# -- the declarations ------------------------------------------------------------------------


def _ts_type(f: m.Field, path: FieldPath, named: dict[FieldPath, str], out: list[str]) -> str:
    if isinstance(f, m.GroupField):
        return _ts_interface(f.fields, path, named, out)
    if isinstance(f, m.ListField):
        if f.item is not None:
            return f"Array<{_ts_type(f.item, (*path, EACH), named, out)}>"
        return f"Array<{_ts_interface(f.fields or (), (*path, EACH), named, out)}>"
    if isinstance(f, m.ChoiceField | m.MultiChoiceField):
        codes = plan.codes(f)
        t = " | ".join(S(c) for c in codes) if codes else "string"
        return t if isinstance(f, m.ChoiceField) else f"Array<{t}>"
    if isinstance(f, m.IntegerField):
        return "number"
    if isinstance(f, m.BooleanField):
        return "boolean"
    if isinstance(f, m.FileField):
        return "FileReference"
    return "string"


def _ts_interface(fields: tuple[m.Field, ...], path: FieldPath, named: dict[FieldPath, str], out: list[str]) -> str:
    used = set(named.values())
    base = "Submission" if not path else plan.type_name(path, "js")
    name, n = base, 1
    while name in used or (name in _TS_RESERVED and path):
        n += 1
        name = f"{base}{n}"
    named[path] = name
    body = []
    for f in fields:
        t = _ts_type(f, (*path, f.name), named, out)
        optional = "" if f.required is True and f.visible_if is None else "?"
        body.append(f"  {S(f.name)}{optional}: {t};")
    out.append(f"export interface {name} {{\n" + "\n".join(body) + ("\n" if body else "") + "}\n")
    return name


_TS_RESERVED = {
    "ValidationError",
    "FeeLine",
    "FeeResult",
    "Submission",
    "FileReference",
    "Computed",
    "Result",
    "Options",
}


def _ts_value(t: Type) -> str:
    if isinstance(t, ListOf):
        return f"Array<{_ts_value(t.elem)}>"
    if t == BOOL:
        return "boolean"
    if t == INT:
        return "number"
    if isinstance(t, Money | Text) or t in (DECIMAL, DATE, DATETIME, TIME):
        return "string"
    return "unknown"


def declarations(service: Service) -> str:
    """The source of `index.d.ts`."""
    out: list[str] = []
    _ts_interface(service.fields, (), {}, out)
    computed = "".join(f"  {S(c.name)}: {_ts_value(c.type)} | null;\n" for c in service.computed)
    fees = "FeeResult | null"
    return (
        header(service, "TypeScript declarations of index.js.")
        + """
/** One error of a submission: which check, where (RFC 6901 pointer), and the message for the citizen. */
export interface ValidationError {
  code: string;
  rule: string;
  pointer: string;
  message: string;
}

/** One line of the fee; `amount` is a decimal string, `for` the pointer of the list entry it is for. */
export interface FeeLine {
  id: string;
  label: string;
  amount: string;
  for: string | null;
}

export interface FeeResult {
  currency: string;
  items: FeeLine[];
  total: string;
}

/** An uploaded file, as the portal refers to it. */
export interface FileReference {
  name: string;
  media_type: string;
  size: number;
  ref: string;
}

/** `today` (or `date` for fees): "YYYY-MM-DD" or a Date; default: the current date in the service's time zone. */
export interface Options {
  today?: string | Date;
  date?: string | Date;
  /** A language tag ("fr", "fr-CH"); only its primary subtag counts. Unknown: the service's first language. */
  lang?: string;
}

"""
        + "\n".join(out)
        + f"\nexport interface Computed {{\n{computed}}}\n\n"
        + "export interface Result {\n  valid: boolean;\n  errors: ValidationError[];\n  computed: Computed;\n"
        + f"  fees: {fees};\n}}\n\n"
        + "export function validate(data: unknown, options?: Options): ValidationError[];\n"
        + "export function isValid(data: unknown, options?: Options): boolean;\n"
        + "export function computed(data: unknown, options?: Options): Computed;\n"
        + f"export function fees(data: unknown, options?: Options): {fees};\n"
        + "export function evaluate(data: unknown, options?: Options): Result;\n"
        + "export function serviceToday(): string;\n"
    )
