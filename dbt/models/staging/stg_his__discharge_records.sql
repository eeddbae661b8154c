{{ config(order_by='(org_code, record_key)') }}

{#-
  One row per discharge (record_key), the latest load of it, with codes standardized.
  CTEs are layered so that no SELECT both redefines a column and reads it: ClickHouse would read
  the redefined value there, DuckDB the input one.
-#}
{%- set op_slots = range(1, 11) -%}

with source as (

    select * from {{ source('his', 'discharge_records') }}

),

-- a record loaded again replaces the earlier version: keep the latest _loaded_at per record_key
ranked as (

    select
        source.*,
        row_number() over (
            partition by record_key
            order by _loaded_at desc, _run_id desc, _row_number desc
        ) as version_rank
    from source

),

latest as (

    select * from ranked where version_rank = 1

),

standardized as (

    select
        record_key,
        upper({{ qc_trim(qc_fullwidth_to_ascii('org_code')) }}) as org_code,
        {{ qc_trim('record_no') }} as record_no,
        cast(admission_seq as integer) as admission_seq,
        patient_key,

        {{ qc_standardize_sex('sex') }} as sex,
        birth_date,
        cast(age as integer) as age,
        cast(infant_age_days as integer) as infant_age_days,
        cast(newborn_birth_weight_g as integer) as newborn_birth_weight_g,

        {{ qc_standardize_admission_route('admission_route') }} as admission_route,
        admit_time,
        {{ qc_clean_text('admit_dept') }} as admit_dept,
        {{ qc_clean_text(qc_translate('transfer_depts', '；', ';')) }} as transfer_depts,
        discharge_time,
        {{ qc_clean_text('discharge_dept') }} as discharge_dept,
        cast(los_days as integer) as los_days,

        {{ qc_normalize_icd10('main_diag_code') }} as main_diag_code,
        {{ qc_clean_text('main_diag_name') }} as main_diag_name,
        {{ qc_standardize_admit_condition('main_diag_admit_condition') }} as main_diag_admit_condition,
        {{ qc_normalize_icd10_list('other_diag_codes') }} as other_diag_codes,
        upper({{ qc_clean_text(qc_fullwidth_to_ascii('pathology_diag_code')) }}) as pathology_diag_code,
        {{ qc_normalize_icd10('external_cause_code') }} as external_cause_code,

        {%- for i in op_slots %}
        {{ qc_normalize_icd9cm3('op_code_' ~ i) }} as op_code_{{ i }},
        {{ qc_clean_text('op_name_' ~ i) }} as op_name_{{ i }},
        op_date_{{ i }},
        {{ qc_standardize_op_level('op_level_' ~ i) }} as op_level_{{ i }},
        {{ qc_clean_text('op_incision_' ~ i) }} as op_incision_{{ i }},
        {{ qc_clean_text('op_anesthesia_' ~ i) }} as op_anesthesia_{{ i }},
        {%- endfor %}

        {{ qc_standardize_discharge_method('discharge_method') }} as discharge_method,
        {{ qc_standardize_readmit_plan('readmit_plan_31d') }} as readmit_plan_31d,
        icu_in_time,
        icu_out_time,
        cast(coma_hours_before as double) as coma_hours_before,
        cast(coma_hours_after as double) as coma_hours_after,
        {{ qc_standardize_payment_method('payment_method') }} as payment_method,
        cast(total_cost as double) as total_cost,
        cast(self_pay_cost as double) as self_pay_cost,

        _run_id as load_run_id,
        _source as load_source,
        _loaded_at as loaded_at

    from latest

),

derived as (

    select
        standardized.*,
        cast(admit_time as date) as admit_date,
        cast(discharge_time as date) as discharge_date,
        {{ qc_date_trunc('month', 'discharge_time') }} as discharge_month,
        case when discharge_method = '5' then true else false end as is_death,

        -- a slot is used when it has a code, a name or a level; it is a 手术 when it has a level
        cast({% for i in op_slots %}case when op_code_{{ i }} is not null or op_name_{{ i }} is not null or op_level_{{ i }} is not null then 1 else 0 end{{ ' + ' if not loop.last }}{% endfor %} as integer) as op_slot_count,
        cast({% for i in op_slots %}case when op_level_{{ i }} is not null then 1 else 0 end{{ ' + ' if not loop.last }}{% endfor %} as integer) as surgery_count,
        {%- for level in range(1, 5) %}
        cast({% for i in op_slots %}case when op_level_{{ i }} = {{ level }} then 1 else 0 end{{ ' + ' if not loop.last }}{% endfor %} as integer) as surgery_level_{{ level }}_count,
        {%- endfor %}
        case when {% for i in op_slots %}op_level_{{ i }} is not null{{ ' or ' if not loop.last }}{% endfor %} then true else false end as is_surgical,

        case when icu_in_time is not null then true else false end as is_icu,
        -- ICU days count like 实际住院天数: calendar days between entry and exit, a same-day stay is 1
        case
            when icu_in_time is not null and icu_out_time is not null
                then greatest(1, {{ qc_days_between('cast(icu_in_time as date)', 'cast(icu_out_time as date)') }})
        end as icu_days,
        cast(case
            when other_diag_codes is null then 0
            else length(other_diag_codes) - length(replace(other_diag_codes, ';', '')) + 1
        end as integer) as other_diag_count

    from standardized

)

select * from derived
