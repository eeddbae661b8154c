{#- Models land in the schema they name (staging, marts), not in "<target schema>_staging":
    the platform reads marts.mart_hospital_month on both engines. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none -%}
    {{ target.schema | trim }}
  {%- else -%}
    {{ custom_schema_name | trim }}
  {%- endif -%}
{%- endmacro %}
