{{ config(order_by='(org_code, discharge_month, record_key, op_slot)') }}

{#-
  One row per 手术及操作 slot used on a discharge, with the flags of the operation indicators and the
  discharge's period, outcome and the fields a drill-down lists (no personal data).
-#}

with operations as (

    select * from {{ ref('stg_his__operations') }}

),

flags as (

    select * from {{ ref('int_operation__flags') }}

),

discharges as (

    select
        record_key,
        record_no,
        admission_seq,
        discharge_time,
        discharge_date,
        discharge_month,
        discharge_dept,
        main_diag_code,
        main_diag_name,
        los_days,
        discharge_method,
        is_death
    from {{ ref('fct_discharge') }}

),

final as (

    select
        operations.operation_key as operation_key,
        operations.record_key as record_key,
        operations.org_code as org_code,
        discharges.record_no as record_no,
        discharges.admission_seq as admission_seq,
        operations.op_slot as op_slot,
        operations.is_main_slot as is_main_slot,
        operations.op_code as op_code,
        operations.op_name as op_name,
        operations.op_time as op_time,
        operations.op_date as op_date,
        operations.op_level as op_level,
        operations.is_surgery as is_surgery,
        flags.is_minimally_invasive as is_minimally_invasive,
        flags.minimally_invasive_rule as minimally_invasive_rule,
        operations.op_incision as op_incision,
        operations.incision_class as incision_class,
        operations.incision_healing as incision_healing,
        flags.is_class_i_incision as is_class_i_incision,
        flags.is_class_i_infection as is_class_i_infection,
        operations.op_anesthesia as op_anesthesia,
        discharges.discharge_time as discharge_time,
        discharges.discharge_date as discharge_date,
        discharges.discharge_month as discharge_month,
        discharges.discharge_dept as discharge_dept,
        discharges.main_diag_code as main_diag_code,
        discharges.main_diag_name as main_diag_name,
        discharges.los_days as los_days,
        discharges.discharge_method as discharge_method,
        discharges.is_death as is_discharge_death
    from operations
    inner join flags
        on operations.operation_key = flags.operation_key
    inner join discharges
        on operations.record_key = discharges.record_key

)

select * from final
