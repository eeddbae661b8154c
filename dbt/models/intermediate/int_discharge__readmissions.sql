{{ config(order_by='(record_key)') }}

{#-
  For each discharge, the same patient's next admission to the same hospital, and whether it counts
  for HQ-03 (0～31天非预期再住院): the earlier discharge was alive and said 无 (1) for a 31-day
  readmission plan, and the next admission began 0–31 calendar days after it.
-#}

with discharges as (

    select
        record_key,
        org_code,
        patient_key,
        admission_seq,
        admit_time,
        admit_date,
        discharge_date,
        is_death,
        readmit_plan_31d
    from {{ ref('stg_his__discharge_records') }}

),

with_next as (

    select
        discharges.*,
        {{ qc_next_value('record_key', 'org_code, patient_key', 'admit_time, admission_seq, record_key') }} as next_record_key,
        {{ qc_next_value('admit_date', 'org_code, patient_key', 'admit_time, admission_seq, record_key') }} as next_admit_date
    from discharges

),

measured as (

    select
        with_next.*,
        case
            when next_admit_date is not null
                then {{ qc_days_between('discharge_date', 'next_admit_date') }}
        end as days_to_next_admission
    from with_next

),

final as (

    select
        record_key,
        next_record_key,
        next_admit_date,
        days_to_next_admission,
        case when is_death then false else true end as is_readmission_eligible,
        case
            when not is_death
                and readmit_plan_31d = '1'
                and days_to_next_admission between 0 and 31
                then true
            else false
        end as is_unplanned_readmission_31d
    from measured

)

select * from final
