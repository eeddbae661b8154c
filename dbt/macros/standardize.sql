{#-
  Standardization of 病案首页 codes (shared/formats/discharge-record.md). Every macro takes a SQL
  expression and returns one; values that cannot be read become NULL (the column's tests say
  whether NULL is allowed), never a guessed code.
-#}

{#- Upper-case ASCII, half-width, no white space; '' and the 首页 placeholder '-' become NULL. -#}
{% macro qc_code_text(expr) -%}
  nullif(nullif({{ qc_regexp_replace_all('upper(' ~ qc_fullwidth_to_ascii(expr) ~ ')', '[[:space:]]+', '') }}, ''), '-')
{%- endmacro %}

{#- Trimmed free text (department, diagnosis and operation names); '' and '-' become NULL. -#}
{% macro qc_clean_text(expr) -%}
  nullif(nullif({{ qc_trim(expr) }}, ''), '-')
{%- endmacro %}

{#-
  ICD-10 (国家临床版): I210 → I21.0, i21.0 → I21.0, Ｉ２１．０ → I21.0, K358X001 → K35.8x001
  (the extension marker x stays lower-case, as in the national code list); a trailing dot goes.
-#}
{% macro qc_normalize_icd10(expr) -%}
  {%- set t = qc_code_text(expr) -%}
  {%- set dotted = qc_regexp_replace(t, '^([A-Z][0-9]{2})([0-9A-Z])', '\\1.\\2') -%}
  {%- set ext = qc_regexp_replace(dotted, '([0-9])X([0-9]{3})$', '\\1x\\2') -%}
  nullif({{ qc_regexp_replace(ext, '[.]$', '') }}, '')
{%- endmacro %}

{#- ICD-9-CM-3 (国家临床版): 3601 → 36.01, 36.0100X001 → 36.0100x001. -#}
{% macro qc_normalize_icd9cm3(expr) -%}
  {%- set t = qc_code_text(expr) -%}
  {%- set dotted = qc_regexp_replace(t, '^([0-9]{2})([0-9])', '\\1.\\2') -%}
  {%- set ext = qc_regexp_replace(dotted, '([0-9])X([0-9]{3})$', '\\1x\\2') -%}
  nullif({{ qc_regexp_replace(ext, '[.]$', '') }}, '')
{%- endmacro %}

{#-
  A ;-separated ICD-10 list (；，、 and , accepted), each code normalized as qc_normalize_icd10 does,
  blanks and '-' dropped. Done with whole-string regexes anchored at item boundaries rather than a
  per-item lambda, which DuckDB ran ~400 times slower (42 s for 300k rows). Separators are doubled first so
  that neighbouring items never share the ';' a pattern consumes.
-#}
{% macro qc_normalize_icd10_list(expr) -%}
  {%- set t = qc_regexp_replace_all('upper(' ~ qc_fullwidth_to_ascii(expr) ~ ')', '[[:space:]]+', '') -%}
  {%- set t = qc_regexp_replace_all(t, '[,、]', ';') -%}
  {%- set t = 'replace(' ~ t ~ ", ';', ';;')" -%}
  {%- set t = qc_regexp_replace_all(t, '(^|;)-+(;|$)', '\\1\\2') -%}
  {%- set t = qc_regexp_replace_all(t, '(^|;)([A-Z][0-9]{2})([0-9A-Z])', '\\1\\2.\\3') -%}
  {%- set t = qc_regexp_replace_all(t, '([0-9])X([0-9]{3})(;|$)', '\\1x\\2\\3') -%}
  {%- set t = qc_regexp_replace_all(t, '[.](;|$)', '\\1') -%}
  {%- set t = qc_regexp_replace_all(t, ';+', ';') -%}
  nullif({{ qc_regexp_replace_all(t, '^;|;$', '') }}, '')
{%- endmacro %}

{#-
  Maps a coded field to its standard code: `mapping` is {code: [other spellings]}; the code itself,
  any spelling, and a numeric spelling such as '5.0' are accepted; anything else is NULL.
-#}
{% macro qc_map_code(expr, mapping) -%}
  {%- set keys = [] -%}
  {%- set values = [] -%}
  {%- for code, spellings in mapping.items() -%}
    {%- for k in [code, code ~ '.0'] + spellings -%}
      {%- if (k | upper) not in keys -%}
        {%- do keys.append(k | upper) -%}
        {%- do values.append(code) -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
  {{ qc_lookup(qc_code_text('cast(' ~ expr ~ ' as varchar)'), keys, values) }}
{%- endmacro %}

{#- GB/T 2261.1: 0 未知, 1 男, 2 女, 9 未说明. -#}
{% macro qc_standardize_sex(expr) -%}
  {{ qc_map_code(expr, {'0': ['未知', 'U'], '1': ['男', 'M', 'MALE'], '2': ['女', 'F', 'FEMALE'], '9': ['未说明']}) }}
{%- endmacro %}

{#- 离院方式: 1 医嘱离院, 2 医嘱转院, 3 医嘱转社区/乡镇卫生院, 4 非医嘱离院, 5 死亡, 9 其他. -#}
{% macro qc_standardize_discharge_method(expr) -%}
  {{ qc_map_code(expr, {'1': ['医嘱离院'], '2': ['医嘱转院'], '3': ['医嘱转社区卫生服务机构/乡镇卫生院', '医嘱转社区'], '4': ['非医嘱离院'], '5': ['死亡'], '9': ['其他']}) }}
{%- endmacro %}

{#- 入院途径: 1 急诊, 2 门诊, 3 其他医疗机构转入, 9 其他. -#}
{% macro qc_standardize_admission_route(expr) -%}
  {{ qc_map_code(expr, {'1': ['急诊'], '2': ['门诊'], '3': ['其他医疗机构转入'], '9': ['其他']}) }}
{%- endmacro %}

{#- 是否有出院31天内再住院计划: 1 无, 2 有. -#}
{% macro qc_standardize_readmit_plan(expr) -%}
  {{ qc_map_code(expr, {'1': ['无', '否', 'N', 'NO'], '2': ['有', '是', 'Y', 'YES']}) }}
{%- endmacro %}

{#- 主要诊断入院病情: 1 有, 2 临床未确定, 3 情况不明, 4 无. -#}
{% macro qc_standardize_admit_condition(expr) -%}
  {{ qc_map_code(expr, {'1': ['有'], '2': ['临床未确定'], '3': ['情况不明'], '4': ['无']}) }}
{%- endmacro %}

{#- 医疗付费方式 1–9. -#}
{% macro qc_standardize_payment_method(expr) -%}
  {{ qc_map_code(expr, {'1': [], '2': [], '3': [], '4': [], '5': [], '6': [], '7': [], '8': [], '9': []}) }}
{%- endmacro %}

{#- 手术级别 1–4 as an integer; anything else (0, 5, text) is NULL, i.e. the slot is not a 手术. -#}
{% macro qc_standardize_op_level(expr) -%}
  case when cast({{ expr }} as integer) between 1 and 4 then cast({{ expr }} as integer) end
{%- endmacro %}

{#- 切口愈合等级 'Ⅰ/甲': the incision class (0, Ⅰ, Ⅱ, Ⅲ; I/II/III and 1/2/3 accepted). -#}
{% macro qc_incision_class(expr) -%}
  {%- set part = qc_trim(qc_split_part(qc_translate(expr, '／', '/'), '/', 1)) -%}
  case replace(upper({{ part }}), '类', '')
    when '0' then '0' when '〇' then '0'
    when 'Ⅰ' then 'Ⅰ' when 'I' then 'Ⅰ' when '1' then 'Ⅰ'
    when 'Ⅱ' then 'Ⅱ' when 'II' then 'Ⅱ' when '2' then 'Ⅱ'
    when 'Ⅲ' then 'Ⅲ' when 'III' then 'Ⅲ' when '3' then 'Ⅲ'
  end
{%- endmacro %}

{#- 切口愈合等级 'Ⅰ/甲': the healing grade (甲, 乙, 丙, 其他). -#}
{% macro qc_incision_healing(expr) -%}
  {%- set part = qc_trim(qc_split_part(qc_translate(expr, '／', '/'), '/', 2)) -%}
  case when {{ part }} in ('甲', '乙', '丙', '其他') then {{ part }} end
{%- endmacro %}
