{{ config(order_by='(org_code, discharge_month, record_key)') }}

{#- One row per discharge (出院人次): the facts the indicators count, keyed by record_key. -#}

with discharges as (

    select * from {{ ref('stg_his__discharge_records') }}

),

readmissions as (

    select * from {{ ref('int_discharge__readmissions') }}

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
        discharges.loaded_at as loaded_at
    from discharges
    inner join readmissions
        on discharges.record_key = readmissions.record_key

)

select * from final
