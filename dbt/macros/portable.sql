{#-
  SQL that differs between DuckDB and ClickHouse, one dispatched macro each. Models call only these
  (or ANSI SQL both engines accept), so one model runs on both targets.
  Conventions: dates are DATE, counts are BIGINT, booleans come from CASE ... THEN true ELSE false.
-#}

{#- First day of the month / quarter / year of a date or timestamp, as a DATE. -#}
{% macro qc_date_trunc(part, expr) -%}
  {{ return(adapter.dispatch('qc_date_trunc', 'qc_warehouse')(part, expr)) }}
{%- endmacro %}
{% macro default__qc_date_trunc(part, expr) -%}
  cast(date_trunc('{{ part }}', {{ expr }}) as date)
{%- endmacro %}
{% macro clickhouse__qc_date_trunc(part, expr) -%}
  {%- set fn = {'month': 'toStartOfMonth', 'quarter': 'toStartOfQuarter', 'year': 'toStartOfYear'}[part] -%}
  toDate({{ fn }}({{ expr }}))
{%- endmacro %}

{#- Whole calendar days from start_date to end_date (dates: 1-31 → 2-01 is 1). -#}
{% macro qc_days_between(start_date, end_date) -%}
  {{ return(adapter.dispatch('qc_days_between', 'qc_warehouse')(start_date, end_date)) }}
{%- endmacro %}
{% macro default__qc_days_between(start_date, end_date) -%}
  date_diff('day', {{ start_date }}, {{ end_date }})
{%- endmacro %}
{% macro clickhouse__qc_days_between(start_date, end_date) -%}
  dateDiff('day', {{ start_date }}, {{ end_date }})
{%- endmacro %}

{#- A date plus n days (n an integer expression). -#}
{% macro qc_add_days(date_expr, n) -%}
  {{ return(adapter.dispatch('qc_add_days', 'qc_warehouse')(date_expr, n)) }}
{%- endmacro %}
{% macro default__qc_add_days(date_expr, n) -%}
  cast({{ date_expr }} + cast({{ n }} as integer) as date)
{%- endmacro %}
{% macro clickhouse__qc_add_days(date_expr, n) -%}
  addDays({{ date_expr }}, {{ n }})
{%- endmacro %}

{#- One row per integer 0 … n-1 of a per-row count, as a select-list item (fans rows out). -#}
{% macro qc_unnest_range(n) -%}
  {{ return(adapter.dispatch('qc_unnest_range', 'qc_warehouse')(n)) }}
{%- endmacro %}
{% macro default__qc_unnest_range(n) -%}
  unnest(range(0, {{ n }}))
{%- endmacro %}
{% macro clickhouse__qc_unnest_range(n) -%}
  arrayJoin(range(toUInt32({{ n }})))
{%- endmacro %}

{#- ISO day of week: 1 Monday … 7 Sunday. -#}
{% macro qc_iso_day_of_week(expr) -%}
  {{ return(adapter.dispatch('qc_iso_day_of_week', 'qc_warehouse')(expr)) }}
{%- endmacro %}
{% macro default__qc_iso_day_of_week(expr) -%}
  isodow({{ expr }})
{%- endmacro %}
{% macro clickhouse__qc_iso_day_of_week(expr) -%}
  toDayOfWeek({{ expr }})
{%- endmacro %}

{#- strftime-style formatting of a date (%Y, %m, %d are the same on both engines). -#}
{% macro qc_format_date(expr, fmt) -%}
  {{ return(adapter.dispatch('qc_format_date', 'qc_warehouse')(expr, fmt)) }}
{%- endmacro %}
{% macro default__qc_format_date(expr, fmt) -%}
  strftime({{ expr }}, '{{ fmt }}')
{%- endmacro %}
{% macro clickhouse__qc_format_date(expr, fmt) -%}
  formatDateTime({{ expr }}, '{{ fmt }}')
{%- endmacro %}

{#- The value of expr on the next row of the window, NULL on the last row (ClickHouse would give
    the type's default, e.g. 1970-01-01, unless the value is made Nullable first). -#}
{% macro qc_next_value(expr, partition_by, order_by) -%}
  {{ return(adapter.dispatch('qc_next_value', 'qc_warehouse')(expr, partition_by, order_by)) }}
{%- endmacro %}
{% macro default__qc_next_value(expr, partition_by, order_by) -%}
  lead({{ expr }}) over (partition by {{ partition_by }} order by {{ order_by }})
{%- endmacro %}
{% macro clickhouse__qc_next_value(expr, partition_by, order_by) -%}
  lead(toNullable({{ expr }})) over (partition by {{ partition_by }} order by {{ order_by }})
{%- endmacro %}

{#- Regular-expression replace of the first match; replacement uses \1 for groups. Patterns avoid
    backslashes (ClickHouse string literals unescape them; DuckDB's do not). -#}
{% macro qc_regexp_replace(expr, pattern, replacement) -%}
  {{ return(adapter.dispatch('qc_regexp_replace', 'qc_warehouse')(expr, pattern, replacement)) }}
{%- endmacro %}
{% macro default__qc_regexp_replace(expr, pattern, replacement) -%}
  regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}')
{%- endmacro %}
{% macro clickhouse__qc_regexp_replace(expr, pattern, replacement) -%}
  replaceRegexpOne({{ expr }}, '{{ pattern }}', '{{ replacement | replace("\\", "\\\\") }}')
{%- endmacro %}

{#- Regular-expression replace of every match (same conventions as qc_regexp_replace). -#}
{% macro qc_regexp_replace_all(expr, pattern, replacement) -%}
  {{ return(adapter.dispatch('qc_regexp_replace_all', 'qc_warehouse')(expr, pattern, replacement)) }}
{%- endmacro %}
{% macro default__qc_regexp_replace_all(expr, pattern, replacement) -%}
  regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}
{% macro clickhouse__qc_regexp_replace_all(expr, pattern, replacement) -%}
  replaceRegexpAll({{ expr }}, '{{ pattern }}', '{{ replacement | replace("\\", "\\\\") }}')
{%- endmacro %}

{#- Character-by-character translation (from/to of equal length). -#}
{% macro qc_translate(expr, from_chars, to_chars) -%}
  {{ return(adapter.dispatch('qc_translate', 'qc_warehouse')(expr, from_chars, to_chars)) }}
{%- endmacro %}
{% macro default__qc_translate(expr, from_chars, to_chars) -%}
  translate({{ expr }}, '{{ from_chars }}', '{{ to_chars }}')
{%- endmacro %}
{% macro clickhouse__qc_translate(expr, from_chars, to_chars) -%}
  translateUTF8({{ expr }}, '{{ from_chars }}', '{{ to_chars }}')
{%- endmacro %}

{#- Full-width letters, digits and code punctuation (Ａ１．／；…), the ideographic full stop 。 and the
    ideographic space as ASCII. DuckDB's translate() costs microseconds per row with a long map, so
    values that are plain ASCII already (nearly all) skip it. -#}
{% macro qc_fullwidth_to_ascii(expr) -%}
  {{ return(adapter.dispatch('qc_fullwidth_to_ascii', 'qc_warehouse')(expr)) }}
{%- endmacro %}
{% macro default__qc_fullwidth_to_ascii(expr) -%}
  case when regexp_matches({{ expr }}, '^[ -~]*$') then {{ expr }} else {{ qc_translate(expr, '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ．／；，－＋＊（）：　。', '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz./;,-+*(): .') }} end
{%- endmacro %}
{% macro clickhouse__qc_fullwidth_to_ascii(expr) -%}
  {{ qc_translate(expr, '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ．／；，－＋＊（）：　。', '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz./;,-+*(): .') }}
{%- endmacro %}

{#- The value `keys[i]` maps to in `values[i]` (string literals), NULL for any other value; the
    expression is evaluated once (a CASE would evaluate it once per WHEN on DuckDB). -#}
{% macro qc_lookup(expr, keys, values) -%}
  {{ return(adapter.dispatch('qc_lookup', 'qc_warehouse')(expr, keys, values)) }}
{%- endmacro %}
{% macro default__qc_lookup(expr, keys, values) -%}
  map_extract_value(MAP {{ '{' }}{% for k in keys %}'{{ k }}': '{{ values[loop.index0] }}'{{ ', ' if not loop.last }}{% endfor %}{{ '}' }}, {{ expr }})
{%- endmacro %}
{% macro clickhouse__qc_lookup(expr, keys, values) -%}
  transform({{ expr }}, [{% for k in keys %}'{{ k }}'{{ ', ' if not loop.last }}{% endfor %}], [{% for v in values %}'{{ v }}'{{ ', ' if not loop.last }}{% endfor %}], NULL)
{%- endmacro %}

{#- Trims white space (ASCII and the ideographic space U+3000) from both ends. ClickHouse's
    trimBoth(s, chars) works on bytes and would cut multi-byte characters apart, hence a regex. -#}
{% macro qc_trim(expr) -%}
  {{ return(adapter.dispatch('qc_trim', 'qc_warehouse')(expr)) }}
{%- endmacro %}
{% macro default__qc_trim(expr) -%}
  regexp_replace({{ expr }}, '^[[:space:]　]+|[[:space:]　]+$', '', 'g')
{%- endmacro %}
{% macro clickhouse__qc_trim(expr) -%}
  replaceRegexpAll({{ expr }}, '^[[:space:]　]+|[[:space:]　]+$', '')
{%- endmacro %}

{#- The n-th (1-based) part of a string split on a one-character delimiter; '' when absent. -#}
{% macro qc_split_part(expr, delimiter, n) -%}
  {{ return(adapter.dispatch('qc_split_part', 'qc_warehouse')(expr, delimiter, n)) }}
{%- endmacro %}
{% macro default__qc_split_part(expr, delimiter, n) -%}
  split_part(coalesce({{ expr }}, ''), '{{ delimiter }}', {{ n }})
{%- endmacro %}
{% macro clickhouse__qc_split_part(expr, delimiter, n) -%}
  splitByChar('{{ delimiter }}', coalesce({{ expr }}, ''))[{{ n }}]
{%- endmacro %}

{#- True when the string expr begins with prefix (both SQL expressions; NULL in, NULL out). -#}
{% macro qc_starts_with(expr, prefix) -%}
  {{ return(adapter.dispatch('qc_starts_with', 'qc_warehouse')(expr, prefix)) }}
{%- endmacro %}
{% macro default__qc_starts_with(expr, prefix) -%}
  starts_with({{ expr }}, {{ prefix }})
{%- endmacro %}
{% macro clickhouse__qc_starts_with(expr, prefix) -%}
  startsWith({{ expr }}, {{ prefix }})
{%- endmacro %}

{#- True when the string expr contains needle anywhere (both SQL expressions; NULL in, NULL out). -#}
{% macro qc_contains(expr, needle) -%}
  {{ return(adapter.dispatch('qc_contains', 'qc_warehouse')(expr, needle)) }}
{%- endmacro %}
{% macro default__qc_contains(expr, needle) -%}
  contains({{ expr }}, {{ needle }})
{%- endmacro %}
{% macro clickhouse__qc_contains(expr, needle) -%}
  (position({{ expr }}, {{ needle }}) > 0)
{%- endmacro %}
