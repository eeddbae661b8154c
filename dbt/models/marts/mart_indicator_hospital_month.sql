{{ config(order_by='(indicator_code, org_code, month_start)') }}

{#-
  The 病案首页 indicators per hospital × month in long form (numerator, denominator, value), taken
  from mart_hospital_month with the library's formulas (shared/indicators: HQ-01…HQ-05, PERF-03…PERF-08). A
  month with a zero denominator has value NULL. Summing numerators and denominators over months or
  hospitals, then dividing, gives the value for a quarter, a year or the city.
-#}
{%- set indicators = [
    {'code': 'HQ-01', 'numerator': 'bed_days', 'denominator': 'discharges', 'scale': 1},
    {'code': 'HQ-02', 'numerator': 'deaths', 'denominator': 'discharges', 'scale': 100},
    {'code': 'HQ-03', 'numerator': 'readmissions_0_31_unplanned', 'denominator': 'readmission_eligible_discharges', 'scale': 100},
    {'code': 'HQ-05', 'numerator': 'surgical_patient_deaths', 'denominator': 'surgical_patients', 'scale': 100},
    {'code': 'PERF-03', 'numerator': 'operations', 'denominator': 'discharges', 'scale': 100},
    {'code': 'PERF-05', 'numerator': 'operations_level_4', 'denominator': 'operations', 'scale': 100},
    {'code': 'HQ-04', 'numerator': 'low_risk_icd_deaths', 'denominator': 'low_risk_icd_discharges', 'scale': 100},
    {'code': 'PERF-04', 'numerator': 'operations_minimally_invasive', 'denominator': 'operations', 'scale': 100},
    {'code': 'PERF-06', 'numerator': 'surgical_complication_patients', 'denominator': 'surgical_patients', 'scale': 100},
    {'code': 'PERF-07', 'numerator': 'class_i_incision_infections', 'denominator': 'class_i_incision_operations', 'scale': 100},
    {'code': 'PERF-08', 'numerator': 'low_risk_group_deaths', 'denominator': 'low_risk_group_discharges', 'scale': 100},
] -%}

with monthly as (

    select * from {{ ref('mart_hospital_month') }}

),

final as (
    {%- for ind in indicators %}

    select
        '{{ ind.code }}' as indicator_code,
        org_code,
        month_start,
        year_month,
        cast({{ ind.numerator }} as double) as numerator,
        cast({{ ind.denominator }} as double) as denominator,
        case
            when {{ ind.denominator }} = 0 then null
            else cast({{ ind.numerator }} as double) * {{ ind.scale }} / {{ ind.denominator }}
        end as indicator_value
    from monthly
    {{ 'union all' if not loop.last }}
    {%- endfor %}

)

select * from final
