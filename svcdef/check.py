"""The checker: loads spec files and their imports, resolves names and reports every problem of a run.

`check_paths` is the front door for the CLI and the build: it finds spec
files under the given paths, loads and reads each one, resolves imports,
named types and option lists, and checks names, languages, versions,
constraints and patterns. The result is a `Service` per clean spec, with its
field tree resolved (named types expanded to groups, option lists inlined),
so that generators never look anything up.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from typing import Any, NamedTuple

from . import model as m
from .diagnostics import Diagnostic, did_you_mean, has_errors, sorted_diagnostics
from .formats import parse_date, parse_datetime, parse_time
from .loader import load_file
from .names import (
    CURRENCY,
    DEFAULT_TIME_ZONE,
    IDENTIFIER,
    LANGUAGE,
    OPTION_CODE,
    SEMVER,
    SERVICE_ID,
    reserved_in,
    time_zones,
)
from .parse import read_document
from .record import Record, fields, replace
from .service import Service, text_sha256
from .span import Snippet, Span
from .yamltree import Document, Mapping

SPEC_SUFFIXES = (".yaml", ".yml")


class Loaded(NamedTuple):
    """One file read into the model, before cross-file checks."""

    path: str
    document: Document
    record: m.Spec | m.Library

    @property
    def sha256(self) -> str:
        return text_sha256(self.document.text)


class Workspace:
    """Loads each file once per run, so that a library imported by many specs is read and reported once."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[Loaded | None, list[Diagnostic]]] = {}

    def read(self, path: str) -> tuple[Loaded | None, list[Diagnostic]]:
        key = os.path.normpath(path)
        if key not in self._files:
            self._files[key] = self._read(key)
        return self._files[key]

    @staticmethod
    def _read(path: str) -> tuple[Loaded | None, list[Diagnostic]]:
        document, diagnostics = load_file(path)
        if document is None:
            return None, diagnostics
        root = document.root
        assert isinstance(root, Mapping)
        record, more = read_document(root, library=root.get("library") is not None and root.get("service") is None)
        diagnostics += more
        if record is None:
            return None, diagnostics
        return Loaded(path, document, record), diagnostics


def discover(paths: list[str]) -> tuple[list[str], list[str]]:
    """Spec files under `paths` (folders searched recursively, sorted), and the paths that do not exist."""
    found: list[str] = []
    missing: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
                found += [os.path.normpath(os.path.join(folder, f)) for f in sorted(files) if f.endswith(SPEC_SUFFIXES)]
        elif os.path.exists(path):
            found.append(os.path.normpath(path))
        else:
            missing.append(path)
    return sorted(dict.fromkeys(found)), missing


def check_paths(paths: list[str], workspace: Workspace | None = None) -> tuple[list[Service], list[Diagnostic]]:
    """Check every spec under `paths`; return the services that checked cleanly and all diagnostics, sorted."""
    workspace = workspace or Workspace()
    files, _ = discover(paths)
    services: list[Service] = []
    diagnostics: list[Diagnostic] = []
    for path in files:
        service, found = check_file(path, workspace)
        diagnostics += found
        if service is not None:
            services.append(service)
    return services, sorted_diagnostics(diagnostics)


def check_file(path: str, workspace: Workspace | None = None) -> tuple[Service | None, list[Diagnostic]]:
    """Check one spec or library file; a library gives no service but is checked all the same."""
    workspace = workspace or Workspace()
    loaded, diagnostics = workspace.read(path)
    if loaded is None:
        return None, sorted_diagnostics(diagnostics)
    checker = _Checker(loaded, workspace)
    service = checker.run()
    diagnostics = sorted_diagnostics(diagnostics + checker.diagnostics)
    if has_errors(diagnostics):
        return None, diagnostics
    return service, diagnostics


class _Checker:
    """Checks one file: imports, names, languages, references, constraints."""

    def __init__(self, loaded: Loaded, workspace: Workspace) -> None:
        self.loaded = loaded
        self.workspace = workspace
        self.diagnostics: list[Diagnostic] = []
        self.options: dict[str, m.OptionList] = {}
        self.types: dict[str, m.NamedType] = {}
        self.used_options: set[str] = set()
        self.used_types: set[str] = set()
        self.import_failed = False  # then unknown types and option lists may be defined in the broken import
        record = loaded.record
        header = record.service if isinstance(record, m.Spec) else record.library
        self.languages: tuple[str, ...] = header.languages
        self.currency = record.service.currency if isinstance(record, m.Spec) else None
        if isinstance(record, m.Spec) and record.fees and record.fees.currency:
            self.currency = self.currency or record.fees.currency

    def error(self, code: str, span: Span, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, span, message, hint))

    def run(self) -> Service | None:
        record = self.loaded.record
        self._header(record)
        self._imports(record, [os.path.normpath(self.loaded.path)])
        for option_list in record.options:
            self._define("option list", option_list.name, option_list, self.options)
        for named in record.types:
            self._define("type", named.name, named, self.types)
        for option_list in record.options:
            self._option_list(option_list)
        self._texts(record)
        for named in record.types:
            self._name(named.name, named.span, "type")
        if isinstance(record, m.Library):
            for named in record.types:
                self._resolve_fields(named.fields, (named.name,))
            return None
        fields = self._resolve_fields(record.fields, ())
        self._unused(record)
        self._sections(record)
        return self._bind(record, fields)

    def _bind(self, spec: m.Spec, fields: tuple[m.Field, ...]) -> Service:
        from .bind import bind  # imported on use, like the expression language it pulls in

        structural_errors = has_errors(self.diagnostics)
        bound, found = bind(spec, fields, self.currency, self._pattern_problems)
        if structural_errors:  # names may be missing because of those errors: report only what is surely wrong
            found = [d for d in found if d.code not in ("E0411", "E0413", "E0414")]
        self.diagnostics += found
        return Service(
            spec,
            self.loaded.path,
            self.loaded.document.text,
            fields,
            dict(self.options),
            bound.infos,
            bound.root,
            bound.computed,
            bound.rules,
            bound.fees,
            bound.mapping,
        )

    # -- header, imports, definitions -----------------------------------------------------

    def _header(self, record: m.Spec | m.Library) -> None:
        header = record.service if isinstance(record, m.Spec) else record.library
        if not SERVICE_ID.fullmatch(header.id):
            self.error(
                "E0212",
                header.span_of("id"),
                f"'{header.id}' is not a valid id",
                "use lower-case words joined by '-', e.g. 'dog-registration'",
            )
        if not SEMVER.fullmatch(header.version):
            self.error(
                "E0211",
                header.span_of("version"),
                f"'{header.version}' is not a semantic version",
                "write MAJOR.MINOR.PATCH, e.g. '1.0.0'",
            )
        if not header.languages and header.given("languages"):
            self.error(
                "E0210", header.span_of("languages"), "at least one language is needed", "write [de] or [de, fr]"
            )
        seen: set[str] = set()
        for lang in header.languages:
            if not LANGUAGE.fullmatch(lang):
                self.error(
                    "E0210",
                    header.span_of("languages"),
                    f"'{lang}' is not a two-letter language code",
                    did_you_mean(lang.lower(), ["de", "fr", "it", "en", "rm"]),
                )
            elif lang in seen:
                self.error("E0203", header.span_of("languages"), f"language '{lang}' is listed twice")
            seen.add(lang)
        if isinstance(record, m.Spec):
            info = record.service
            if info.currency is not None and not CURRENCY.fullmatch(info.currency):
                self.error(
                    "E0104",
                    info.span_of("currency"),
                    f"'{info.currency}' is not an ISO 4217 currency code",
                    "write e.g. CHF or EUR",
                )
            if info.timezone != DEFAULT_TIME_ZONE and info.timezone not in (zones := time_zones()):
                self.error(
                    "E0104",
                    info.span_of("timezone"),
                    f"'{info.timezone}' is not an IANA time zone",
                    did_you_mean(info.timezone, zones)
                    or (
                        "write e.g. Europe/Zurich or Europe/Berlin" if zones else "install tzdata (pip install tzdata)"
                    ),
                )

    def _imports(self, record: m.Spec | m.Library, chain: list[str]) -> None:
        base = os.path.dirname(self.loaded.path)
        for entry in record.imports:
            path = os.path.normpath(os.path.join(base, entry.path))
            self._import(entry, path, chain)

    def _import(self, entry: m.Import, path: str, chain: list[str]) -> None:
        if path in chain:
            cycle = " -> ".join([*chain[chain.index(path) :], path])
            self.error("E0207", entry.span, f"import cycle: {cycle}", "move what both files share into a third library")
            return
        if not os.path.isfile(path):
            self.error(
                "E0206",
                entry.span,
                f"cannot import '{entry.path}': no such file",
                f"the path is relative to {os.path.dirname(self.loaded.path) or '.'}",
            )
            self.import_failed = True
            return
        loaded, found = self.workspace.read(path)
        if loaded is None or has_errors(found):
            self.error("E0206", entry.span, f"cannot import '{entry.path}': it has errors (reported for that file)")
            self.import_failed = True
            return
        library = loaded.record
        if not isinstance(library, m.Library):
            self.error(
                "E0208",
                entry.span,
                f"'{entry.path}' is a service spec, not a library",
                "import files that start with 'library:'",
            )
            return
        missing = [lang for lang in self.languages if lang not in library.library.languages]
        if missing:
            self.error(
                "E0209",
                entry.span,
                f"library '{library.library.id}' has no texts in: {', '.join(missing)}",
                "add these languages to the library",
            )
        for sub in library.imports:
            sub_path = os.path.normpath(os.path.join(os.path.dirname(path), sub.path))
            if sub_path in chain or sub_path == path:
                self.error("E0207", sub.span, f"import cycle: {' -> '.join([*chain, path, sub_path])}")
                continue
            nested, _ = self.workspace.read(sub_path)
            if nested is not None and isinstance(nested.record, m.Library):
                self._merge(entry, nested.record)
        self._merge(entry, library)

    def _merge(self, entry: m.Import, library: m.Library) -> None:
        for option_list in library.options:
            if self.options.get(option_list.name) is not option_list:
                self._define("option list", option_list.name, option_list, self.options, via=entry)
        for named in library.types:
            if self.types.get(named.name) is not named:
                self._define("type", named.name, named, self.types, via=entry)
            self.used_types.add(named.name)
        self.used_options.update(o.name for o in library.options)

    def _define(self, kind: str, name: str, value: Any, table: dict[str, Any], via: m.Import | None = None) -> None:
        if name in table:
            where = via.span if via else value.span
            self.error(
                "E0203", where, f"{kind} '{name}' is defined twice", f"the other definition is at {table[name].span}"
            )
            return
        table[name] = value

    def _name(self, name: str, span: Span, kind: str) -> None:
        if not IDENTIFIER.fullmatch(name):
            suggestion = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_")
            hint = (
                f"for example '{suggestion}'"
                if suggestion and IDENTIFIER.fullmatch(suggestion)
                else "start with a letter; use a-z, 0-9 and _"
            )
            self.error("E0201", span, f"{kind} name '{name}' is not valid: use lower-case letters, digits and _", hint)
            return
        language = reserved_in(name)
        if language:
            self.error(
                "E0202",
                span,
                f"{kind} name '{name}' is reserved in {language}",
                f"choose another name, e.g. '{name}_value'",
            )

    def _option_list(self, option_list: m.OptionList) -> None:
        self._name(option_list.name, option_list.span, "option list")
        self._options(option_list.options, option_list.span, f"option list '{option_list.name}'")

    def _options(self, options: tuple[m.Option, ...], span: Span, what: str) -> None:
        if not options:
            self.error("E0310", span, f"{what} has no options", "add at least one `code: label` entry")
        for option in options:
            if not OPTION_CODE.fullmatch(option.name):
                self.error(
                    "E0201",
                    option.span,
                    f"option code '{option.name}' is not valid",
                    "use letters, digits, '_', '.' and '-', at most 64 characters",
                )

    # -- texts ----------------------------------------------------------------------------

    def _texts(self, record: m.Spec | m.Library) -> None:
        texts: list[m.Text] = []
        _collect_texts(record, texts)
        for text in texts:
            if not text.translations:
                continue
            if text.translations[0][0] == "*":
                if len(self.languages) > 1:
                    self.error(
                        "E0209",
                        text.span,
                        f"this text needs a translation per language: {', '.join(self.languages)}",
                        f"write {{{self.languages[0]}: ..., {self.languages[1]}: ...}}",
                    )
                continue
            given = [lang for lang, _ in text.translations]
            missing = [lang for lang in self.languages if lang not in given]
            if missing:
                self.error(
                    "E0209",
                    text.span,
                    f"missing translation: {', '.join(missing)}",
                    f"add {missing[0]}: ... to this text",
                )
            for lang in given:
                if lang not in self.languages:
                    self.error(
                        "W0201",
                        text.span,
                        f"translation '{lang}' is for a language the service does not declare",
                        f"declared: {', '.join(self.languages)}",
                    )

    # -- fields ---------------------------------------------------------------------------

    def _resolve_fields(
        self, fields: tuple[m.Field, ...], types_stack: tuple[str, ...], list_item: bool = False
    ) -> tuple[m.Field, ...]:
        resolved = []
        for f in fields:
            if not list_item or f.name:
                self._name(f.name, f.span, "field")
            out = self._resolve_field(f, types_stack)
            if out is not None:
                self._constraints(out)
                resolved.append(out)
        return tuple(resolved)

    def _resolve_field(self, f: m.Field, types_stack: tuple[str, ...]) -> m.Field | None:
        if isinstance(f, m.TypeRefField):
            named = self.types.get(f.type)
            if named is None:
                if self.import_failed:
                    return None
                self.error(
                    "E0106",
                    f.span_of("type"),
                    f"unknown field type '{f.type}'",
                    did_you_mean(f.type, [*m.FIELD_TYPES, *self.types]),
                )
                return None
            self.used_types.add(named.name)
            if named.name in types_stack:
                self.error(
                    "E0205",
                    f.span_of("type"),
                    f"type '{named.name}' contains itself: {' -> '.join([*types_stack, named.name])}",
                )
                return None
            inner = self._resolve_fields(named.fields, (*types_stack, named.name))
            return m.GroupField(
                name=f.name,
                type="group",
                label=f.label,
                help=f.help or named.help,
                required=f.required,
                visible_if=f.visible_if,
                fields=inner,
                named_type=named.name,
                span=f.span,
                spans=f.spans,
            )
        if isinstance(f, m.GroupField):
            return replace(f, fields=self._resolve_fields(f.fields, types_stack))
        if isinstance(f, m.ListField):
            return self._resolve_list(f, types_stack)
        if isinstance(f, m.ChoiceField | m.MultiChoiceField):
            return self._resolve_choice(f)
        return f

    def _resolve_list(self, f: m.ListField, types_stack: tuple[str, ...]) -> m.ListField | None:
        if (f.fields is None) == (f.item is None):
            self.error(
                "E0102",
                f.span,
                f"list '{f.name}' needs either 'fields' (entries are groups) or 'item' (entries are single values)",
                "add 'fields:' with the fields of one entry",
            )
            return None
        if f.fields is not None:
            return replace(f, fields=self._resolve_fields(f.fields, types_stack))
        assert f.item is not None
        item = self._resolve_field(f.item, types_stack)
        if item is None:
            return None
        if isinstance(item, m.ListField):
            self.error(
                "E0103",
                f.item.span,
                "a list entry cannot itself be a list",
                "make the entry a group with a list field inside",
            )
            return None
        self._constraints(item)
        return replace(f, item=item)

    def _resolve_choice(self, f: m.ChoiceField | m.MultiChoiceField) -> m.Field | None:
        if isinstance(f.options, str):
            option_list = self.options.get(f.options)
            if option_list is None:
                if self.import_failed:
                    return None
                self.error(
                    "E0204",
                    f.span_of("options"),
                    f"unknown option list '{f.options}'",
                    did_you_mean(f.options, self.options),
                )
                return None
            self.used_options.add(f.options)
            return replace(f, options=option_list.options, option_list=option_list.name)
        self._options(f.options, f.span_of("options"), f"the options of '{f.name}'")
        return f

    def _constraints(self, f: m.Field) -> None:
        if isinstance(f, m.TextField):
            self._nonnegative(f, "min_length", f.min_length)
            self._nonnegative(f, "max_length", f.max_length, positive=True)
            self._bounds(f, "min_length", f.min_length, "max_length", f.max_length)
            if f.pattern is not None:
                self._pattern(f.pattern)
            if f.default is not None and not _length_ok(f.default, f.min_length, f.max_length):
                self.error("E0302", f.span_of("default"), f"default of '{f.name}' violates its length limits")
        elif isinstance(f, m.IntegerField | m.DecimalField | m.MoneyField):
            self._bounds(f, "min", f.min, "max", f.max)
            if isinstance(f, m.DecimalField):
                self._scale(f)
            if isinstance(f, m.MoneyField):
                self._money(f)
            if f.default is not None and not _within(f.default, f.min, f.max):
                self.error(
                    "E0302", f.span_of("default"), f"default {f.default} of '{f.name}' lies outside [{f.min}, {f.max}]"
                )
        elif isinstance(f, m.DateField | m.DateTimeField | m.TimeField):
            self._temporal(f)
        elif isinstance(f, m.ChoiceField):
            codes = [o.name for o in f.options] if isinstance(f.options, tuple) else []
            if f.default is not None and f.default not in codes:
                self.error(
                    "E0213",
                    f.span_of("default"),
                    f"default '{f.default}' is not an option of '{f.name}'",
                    did_you_mean(f.default, codes),
                )
        elif isinstance(f, m.MultiChoiceField):
            self._nonnegative(f, "min_items", f.min_items)
            self._nonnegative(f, "max_items", f.max_items, positive=True)
            self._bounds(f, "min_items", f.min_items, "max_items", f.max_items)
            codes = [o.name for o in f.options] if isinstance(f.options, tuple) else []
            for code in f.default or ():
                if code not in codes:
                    self.error(
                        "E0213",
                        f.span_of("default"),
                        f"default '{code}' is not an option of '{f.name}'",
                        did_you_mean(code, codes),
                    )
        elif isinstance(f, m.ListField):
            self._nonnegative(f, "min_items", f.min_items)
            self._nonnegative(f, "max_items", f.max_items, positive=True)
            self._bounds(f, "min_items", f.min_items, "max_items", f.max_items)
        elif isinstance(f, m.FileField):
            self._nonnegative(f, "max_size", f.max_size, positive=True)
            for media_type in f.media_types:
                if not re.fullmatch(r"[a-z]+/(\*|[a-z0-9][a-z0-9.+\-]*)", media_type):
                    self.error(
                        "E0309",
                        f.span_of("media_types"),
                        f"'{media_type}' is not a media type",
                        "write e.g. application/pdf or image/*",
                    )
            if not f.media_types and f.given("media_types"):
                self.error("E0309", f.span_of("media_types"), "at least one media type is needed")
        elif isinstance(f, m.IbanField):
            for country in f.countries or ():
                if not re.fullmatch(r"[A-Z]{2}", country):
                    self.error(
                        "E0104",
                        f.span_of("countries"),
                        f"'{country}' is not a two-letter country code",
                        "write e.g. CH or LI",
                    )
        elif isinstance(f, m.EmailField):
            self._nonnegative(f, "max_length", f.max_length, positive=True)

    def _nonnegative(self, f: m.Field, key_name: str, value: int | None, positive: bool = False) -> None:
        if value is None:
            return
        if value < 0 or (positive and value == 0):
            self.error(
                "E0308",
                f.span_of(key_name),
                f"'{key_name}' of '{f.name}' must be {'greater than 0' if positive else '0 or more'}, not {value}",
            )

    def _bounds(self, f: m.Field, low_key: str, low: Any, high_key: str, high: Any) -> None:
        if low is not None and high is not None and low > high:
            self.error(
                "E0301",
                f.span_of(high_key),
                f"'{high_key}' ({high}) of '{f.name}' is smaller than '{low_key}' ({low})",
                f"make '{low_key}' at most '{high_key}'",
            )

    def _scale(self, f: m.DecimalField) -> None:
        if not 0 <= f.scale <= 12:
            self.error("E0308", f.span_of("scale"), f"'scale' of '{f.name}' must be between 0 and 12, not {f.scale}")
            return
        for key_name in ("min", "max", "default"):
            value = getattr(f, key_name)
            if value is not None and _places(value) > f.scale:
                self.error(
                    "E0307",
                    f.span_of(key_name),
                    f"'{key_name}' {value} of '{f.name}' has more than {f.scale} digits after the point",
                )

    def _money(self, f: m.MoneyField) -> None:
        currency = f.currency or self.currency
        if currency is None:
            self.error(
                "E0102",
                f.span,
                f"money field '{f.name}' needs a currency",
                "set 'currency:' on the field or under 'service:'",
            )
        elif not CURRENCY.fullmatch(currency):
            self.error(
                "E0104",
                f.span_of("currency"),
                f"'{currency}' is not an ISO 4217 currency code",
                "write e.g. CHF or EUR",
            )
        for key_name in ("min", "max", "default"):
            value = getattr(f, key_name)
            if value is not None and _places(value) > 2:
                self.error(
                    "E0307",
                    f.span_of(key_name),
                    f"'{key_name}' {value} of '{f.name}' has more than 2 digits after the point",
                )

    def _temporal(self, f: m.DateField | m.DateTimeField | m.TimeField) -> None:
        parse = {m.DateField: parse_date, m.DateTimeField: parse_datetime, m.TimeField: parse_time}[type(f)]
        values: dict[str, Any] = {}
        for key_name in ("min", "max", "default"):
            text = getattr(f, key_name)
            if text is None:
                continue
            value = parse(text)
            if value is None:
                self.error("E0306", f.span_of(key_name), f"'{text}' is not a valid {f.type}", _TEMPORAL_HINTS[f.type])
            else:
                values[key_name] = value
        self._bounds(f, "min", values.get("min"), "max", values.get("max"))
        if "default" in values and not _within(values["default"], values.get("min"), values.get("max")):
            self.error("E0302", f.span_of("default"), f"default of '{f.name}' lies outside its min and max")

    def _pattern(self, snippet: Snippet) -> None:
        self.diagnostics += self._pattern_problems(snippet)

    @staticmethod
    def _pattern_problems(snippet: Snippet) -> list[Diagnostic]:
        from .patterns import parse_pattern

        _, problems = parse_pattern(snippet.text)
        return [Diagnostic(p.code, snippet.span_at(p.offset, p.end), p.message, p.hint) for p in problems]

    # -- sections -------------------------------------------------------------------------

    def _sections(self, spec: m.Spec) -> None:
        self._unique([v.id for v in spec.validations], [v.span_of("id") for v in spec.validations], "validation")
        for v in spec.validations:
            self._name(v.id, v.span_of("id"), "validation")
        for c in spec.computed:
            self._name(c.name, c.span, "computed value")
        if spec.fees is not None:
            self._unique([i.id for i in spec.fees.items], [i.span_of("id") for i in spec.fees.items], "fee item")
            for item in spec.fees.items:
                self._name(item.id, item.span_of("id"), "fee item")
            for table in spec.fees.tables:
                self._name(table.name, table.span, "decision table")
            fees_currency = spec.fees.currency
            if fees_currency and not CURRENCY.fullmatch(fees_currency):
                self.error(
                    "E0104", spec.fees.span_of("currency"), f"'{fees_currency}' is not an ISO 4217 currency code"
                )
            if not (fees_currency or spec.service.currency):
                self.error(
                    "E0102", spec.fees.span, "fees need a currency", "set 'currency:' under 'fees:' or 'service:'"
                )
        names = [t.name for t in spec.tests]
        self._unique(names, [t.span_of("name") for t in spec.tests], "test")
        for test in spec.tests:
            if test.today is not None and parse_date(test.today) is None:
                self.error("E0306", test.span_of("today"), f"'{test.today}' is not a valid date", "write YYYY-MM-DD")
            if test.lang is not None and test.lang not in self.languages:
                self.error(
                    "E0210",
                    test.span_of("lang"),
                    f"test language '{test.lang}' is not one of the service's languages",
                    did_you_mean(test.lang, self.languages),
                )

    def _unique(self, names: list[str], spans: list[Span], kind: str) -> None:
        seen: dict[str, Span] = {}
        for name, span in zip(names, spans, strict=True):
            if name in seen:
                self.error(
                    "E0203", span, f"{kind} '{name}' is defined twice", f"the first one is at line {seen[name].line}"
                )
            else:
                seen[name] = span

    def _unused(self, spec: m.Spec) -> None:
        for option_list in spec.options:
            if option_list.name not in self.used_options:
                self.error(
                    "W0202",
                    option_list.span,
                    f"option list '{option_list.name}' is not used by any field",
                    "remove it or use it with 'options:'",
                )
        for named in spec.types:
            if named.name not in self.used_types:
                self.error(
                    "W0203",
                    named.span,
                    f"type '{named.name}' is not used by any field",
                    "remove it or use it as a field 'type:'",
                )


_TEMPORAL_HINTS = {
    "date": "write YYYY-MM-DD",
    "datetime": "write YYYY-MM-DDTHH:MM:SS",
    "time": "write HH:MM or HH:MM:SS",
}


def _places(value: Decimal | int) -> int:
    exponent = Decimal(value).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _within(value: Any, low: Any, high: Any) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def _length_ok(text: str, low: int | None, high: int | None) -> bool:
    return _within(len(text), low, high)


def _collect_texts(node: Any, found: list[m.Text]) -> None:
    """Append every translated text in a record tree to `found`, in source order.

    Leaves that cannot hold a text (words, numbers, spans, snippets) are skipped before the call: a
    spec's records have several times more of them than nodes worth visiting.
    """
    if isinstance(node, m.Text):
        found.append(node)
        return
    if isinstance(node, Record):
        cls = type(node)
        names = _TEXT_HOLDERS.get(cls)
        if names is None:
            names = _TEXT_HOLDERS[cls] = tuple(
                f.name for f in fields(cls) if not f.internal or f.name in ("fields", "item")
            )
        items: Any = [getattr(node, name) for name in names]
    elif isinstance(node, tuple):
        items = node
    else:
        return
    for item in items:
        if item is not None and item.__class__ not in _LEAVES:
            _collect_texts(item, found)


_TEXT_HOLDERS: dict[type, tuple[str, ...]] = {}
"""Per record class, the attributes `_collect_texts` visits."""

_LEAVES = frozenset({str, int, bool, Decimal, Span, Snippet})
