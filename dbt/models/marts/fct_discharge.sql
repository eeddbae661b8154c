{{ config(order_by='(org_code, discharge_month, record_key)') }}

{#- One row per discharge (出院人次): the facts the indicators count, keyed by record_key. -#}

with staged as (

    select * from {{ ref('stg_his__discharge_records') }}

),

readmissions as (

    select * from {{ ref('int_discharge__readmissions') }}

),

diagnosis_flags as (

    select * from {{ ref('int_discharge__diagnosis_flags') }}

),

-- per discharge, how many of its 手术 are 微创 / Ⅰ类切口 / Ⅰ类切口丙级愈合 (summed by the month mart)
operation_counts as (

    select
        record_key,
        cast(sum(case when is_surgery and is_minimally_invasive then 1 else 0 end) as integer) as minimally_invasive_surgery_count,
        cast(sum(case when is_class_i_incision then 1 else 0 end) as integer) as class_i_incision_count,
        cast(sum(case when is_class_i_infection then 1 else 0 end) as integer) as class_i_infection_count
    from {{ ref('int_operation__flags') }}
    group by record_key

),

risk_groups as (

    select risk_group_key, is_low_risk from {{ ref('dim_risk_group') }}

),

-- the approximate DRG group of dim_risk_group: 主要诊断 category × surgical or not
discharges as (

    select
        staged.*,
        substring(main_diag_code, 1, 3) || '|' || case when is_surgical then 'S' else 'M' end as risk_group_key
    from staged

),

final as (

    select
        discharges.record_key as record_key,
        discharges.org_code as org_code,
        discharges.record_no as record_no,
        discharges.admission_seq as admission_seq,
        discharges.patient_key as patient_key,
        discharges.sex as sex,
        discharges.age as age,
        discharges.admission_route as admission_route,
        discharges.admit_time as admit_time,
        discharges.admit_date as admit_date,
        discharges.discharge_time as discharge_time,
        discharges.discharge_date as discharge_date,
        discharges.discharge_month as discharge_month,
        discharges.admit_dept as admit_dept,
        discharges.discharge_dept as discharge_dept,
        discharges.los_days as los_days,
        discharges.main_diag_code as main_diag_code,
        discharges.main_diag_name as main_diag_name,
        discharges.main_diag_admit_condition as main_diag_admit_condition,
        discharges.other_diag_codes as other_diag_codes,
        discharges.other_diag_count as other_diag_count,
        discharges.op_code_1 as main_op_code,
        discharges.op_name_1 as main_op_name,
        discharges.op_level_1 as main_op_level,
        discharges.op_slot_count as op_slot_count,
        discharges.surgery_count as surgery_count,
        discharges.surgery_level_1_count as surgery_level_1_count,
        discharges.surgery_level_2_count as surgery_level_2_count,
        discharges.surgery_level_3_count as surgery_level_3_count,
        discharges.surgery_level_4_count as surgery_level_4_count,
        discharges.is_surgical as is_surgical,
        discharges.discharge_method as discharge_method,
        discharges.is_death as is_death,
        discharges.readmit_plan_31d as readmit_plan_31d,
        discharges.is_icu as is_icu,
        discharges.icu_in_time as icu_in_time,
        discharges.icu_out_time as icu_out_time,
        discharges.icu_days as icu_days,
        discharges.payment_method as payment_method,
        discharges.total_cost as total_cost,
        discharges.self_pay_cost as self_pay_cost,
        readmissions.next_record_key as next_record_key,
        readmissions.days_to_next_admission as days_to_next_admission,
        readmissions.is_readmission_eligible as is_readmission_eligible,
        readmissions.is_unplanned_readmission_31d as is_unplanned_readmission_31d,
        cast(coalesce(operation_counts.minimally_invasive_surgery_count, 0) as integer) as minimally_invasive_surgery_count,
        cast(coalesce(operation_counts.class_i_incision_count, 0) as integer) as class_i_incision_count,
        cast(coalesce(operation_counts.class_i_infection_count, 0) as integer) as class_i_infection_count,
        diagnosis_flags.is_low_risk_icd as is_low_risk_icd,
        diagnosis_flags.low_risk_icd_prefix as low_risk_icd_prefix,
        diagnosis_flags.has_surgical_complication as has_surgical_complication,
        diagnosis_flags.surgical_complication_prefix as surgical_complication_prefix,
        discharges.risk_group_key as risk_group_key,
        case when risk_groups.is_low_risk then true else false end as is_low_risk_group,
        discharges.loaded_at as loaded_at
    from discharges
    inner join readmissions
        on discharges.record_key = readmissions.record_key
    inner join diagnosis_flags
        on discharges.record_key = diagnosis_flags.record_key
    left join operation_counts
        on discharges.record_key = operation_counts.record_key
    left join risk_groups
        on discharges.risk_group_key = risk_groups.risk_group_key

)

select * from final
