{{ config(order_by='(record_key)') }}

{#-
  Per discharge, what its diagnoses say against the reference lists (seeds):
    is_low_risk_icd           主要诊断 begins with a code of ref_low_risk_icd (HQ-04)
    has_surgical_complication an 其他诊断 begins with a code of ref_surgical_complication_icd (PERF-06)
  Each distinct code / code list is matched against the (small) seed once and joined back, so the
  cross join grows with the variety of codes, not with the number of discharges.
-#}

with discharges as (

    select record_key, main_diag_code, other_diag_codes
    from {{ ref('stg_his__discharge_records') }}

),

low_risk_list as (

    select code_prefix from {{ ref('ref_low_risk_icd') }}

),

complication_list as (

    select code_prefix from {{ ref('ref_surgical_complication_icd') }}

),

main_codes as (

    select distinct main_diag_code from discharges where main_diag_code is not null

),

main_matched as (

    select
        main_codes.main_diag_code as main_diag_code,
        max(case when {{ qc_starts_with('main_codes.main_diag_code', 'low_risk_list.code_prefix') }} then low_risk_list.code_prefix end) as low_risk_icd_prefix
    from main_codes
    cross join low_risk_list
    group by main_codes.main_diag_code

),

other_lists as (

    select distinct other_diag_codes from discharges where other_diag_codes is not null

),

-- a code of the list starts an item of the ';'-separated list: ';T81' is found in ';I10;T81.4'
other_matched as (

    select
        other_lists.other_diag_codes as other_diag_codes,
        max(case when {{ qc_contains("';' || other_lists.other_diag_codes", "';' || complication_list.code_prefix") }} then complication_list.code_prefix end) as surgical_complication_prefix
    from other_lists
    cross join complication_list
    group by other_lists.other_diag_codes

),

final as (

    select
        discharges.record_key as record_key,
        main_matched.low_risk_icd_prefix as low_risk_icd_prefix,
        case when main_matched.low_risk_icd_prefix is not null then true else false end as is_low_risk_icd,
        other_matched.surgical_complication_prefix as surgical_complication_prefix,
        case when other_matched.surgical_complication_prefix is not null then true else false end as has_surgical_complication
    from discharges
    left join main_matched
        on discharges.main_diag_code = main_matched.main_diag_code
    left join other_matched
        on discharges.other_diag_codes = other_matched.other_diag_codes

)

select * from final
