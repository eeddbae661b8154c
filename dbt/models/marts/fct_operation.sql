{{ config(order_by='(org_code, discharge_month, record_key, op_slot)') }}

{#- One row per 手术及操作 slot used on a discharge, with the discharge's period and outcome. -#}

with operations as (

    select * from {{ ref('stg_his__operations') }}

),

discharges as (

    select record_key, discharge_date, discharge_month, is_death
    from {{ ref('fct_discharge') }}

),

final as (

    select
        operations.operation_key as operation_key,
        operations.record_key as record_key,
        operations.org_code as org_code,
        operations.op_slot as op_slot,
        operations.is_main_slot as is_main_slot,
        operations.op_code as op_code,
        operations.op_name as op_name,
        operations.op_time as op_time,
        operations.op_date as op_date,
        operations.op_level as op_level,
        operations.is_surgery as is_surgery,
        operations.op_incision as op_incision,
        operations.incision_class as incision_class,
        operations.incision_healing as incision_healing,
        operations.op_anesthesia as op_anesthesia,
        discharges.discharge_date as discharge_date,
        discharges.discharge_month as discharge_month,
        discharges.is_death as is_discharge_death
    from operations
    inner join discharges
        on operations.record_key = discharges.record_key

)

select * from final
