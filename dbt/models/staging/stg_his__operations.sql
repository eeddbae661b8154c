{{ config(order_by='(org_code, record_key, op_slot)') }}

{#- The ten 手术及操作 slots of each discharge as rows: one row per used slot. -#}

with discharges as (

    select * from {{ ref('stg_his__discharge_records') }}

),

slots as (
    {%- for i in range(1, 11) %}

    select
        record_key,
        org_code,
        cast({{ i }} as integer) as op_slot,
        op_code_{{ i }} as op_code,
        op_name_{{ i }} as op_name,
        op_date_{{ i }} as op_time,
        op_level_{{ i }} as op_level,
        op_incision_{{ i }} as op_incision,
        op_anesthesia_{{ i }} as op_anesthesia
    from discharges
    where op_code_{{ i }} is not null or op_name_{{ i }} is not null or op_level_{{ i }} is not null
    {{ 'union all' if not loop.last }}
    {%- endfor %}

),

final as (

    select
        record_key || '|' || cast(op_slot as varchar) as operation_key,
        record_key,
        org_code,
        op_slot,
        case when op_slot = 1 then true else false end as is_main_slot,
        op_code,
        op_name,
        op_time,
        cast(op_time as date) as op_date,
        op_level,
        case when op_level is not null then true else false end as is_surgery,
        op_incision,
        {{ qc_incision_class('op_incision') }} as incision_class,
        {{ qc_incision_healing('op_incision') }} as incision_healing,
        op_anesthesia
    from slots

)

select * from final
