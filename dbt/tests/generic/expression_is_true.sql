{#- Fails with the rows for which the expression is not true (NULL counts as not true). -#}
{% test expression_is_true(model, expression, column_name=none) %}
select *
from {{ model }}
where not coalesce({{ expression }}, false)
{% endtest %}
