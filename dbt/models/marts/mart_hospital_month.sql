{{ config(order_by='(org_code, month_start)') }}

{#-
  Per hospital × discharge month: the counts the 病案首页 indicators divide. A discharge belongs to
  the month of its 出院时间; its operations and its 31-day follow-up belong to the same month.
    HQ-01   平均住院日            bed_days / discharges
    HQ-02   住院死亡率            deaths / discharges × 100
    HQ-03   0～31天非预期再住院率  readmissions_0_31_unplanned / readmission_eligible_discharges × 100
    HQ-05   手术患者住院死亡率     surgical_patient_deaths / surgical_patients × 100
    PERF-03 出院患者手术占比       operations / discharges × 100
    PERF-05 出院患者四级手术比例   operations_level_4 / operations × 100
    HQ-04   ICD低风险病种患者住院死亡率 low_risk_icd_deaths / low_risk_icd_discharges × 100
    PERF-04 出院患者微创手术占比   operations_minimally_invasive / operations × 100
    PERF-06 手术患者并发症发生率   surgical_complication_patients / surgical_patients × 100
    PERF-07 Ⅰ类切口手术部位感染率 class_i_incision_infections / class_i_incision_operations × 100
    PERF-08 低风险组病例死亡率     low_risk_group_deaths / low_risk_group_discharges × 100
  The reference lists behind HQ-04, PERF-04 and PERF-06 are the seeds ref_*; the low-risk groups of
  PERF-08 are approximate (see dim_risk_group).
-#}

with discharges as (

    select * from {{ ref('fct_discharge') }}

),

monthly as (

    select
        org_code,
        discharge_month as month_start,
        cast(count(*) as bigint) as discharges,
        cast(sum(los_days) as bigint) as bed_days,
        cast(sum(case when is_death then 1 else 0 end) as bigint) as deaths,
        cast(sum(case when is_death then 0 else 1 end) as bigint) as discharges_alive,
        cast(sum(case when is_surgical then 1 else 0 end) as bigint) as surgical_patients,
        cast(sum(case when is_surgical and is_death then 1 else 0 end) as bigint) as surgical_patient_deaths,
        cast(sum(surgery_count) as bigint) as operations,
        cast(sum(surgery_level_1_count) as bigint) as operations_level_1,
        cast(sum(surgery_level_2_count) as bigint) as operations_level_2,
        cast(sum(surgery_level_3_count) as bigint) as operations_level_3,
        cast(sum(surgery_level_4_count) as bigint) as operations_level_4,
        cast(sum(op_slot_count - surgery_count) as bigint) as procedures,
        cast(sum(case when is_icu then 1 else 0 end) as bigint) as icu_patients,
        cast(sum(coalesce(icu_days, 0)) as bigint) as icu_days,
        cast(sum(case when is_readmission_eligible then 1 else 0 end) as bigint) as readmission_eligible_discharges,
        cast(sum(case when is_readmission_eligible and readmit_plan_31d = '1' then 1 else 0 end) as bigint)
            as readmission_eligible_discharges_no_plan,
        cast(sum(case when is_unplanned_readmission_31d then 1 else 0 end) as bigint) as readmissions_0_31_unplanned,
        cast(sum(case when is_low_risk_icd then 1 else 0 end) as bigint) as low_risk_icd_discharges,
        cast(sum(case when is_low_risk_icd and is_death then 1 else 0 end) as bigint) as low_risk_icd_deaths,
        cast(sum(minimally_invasive_surgery_count) as bigint) as operations_minimally_invasive,
        cast(sum(case when is_surgical and has_surgical_complication then 1 else 0 end) as bigint) as surgical_complication_patients,
        cast(sum(class_i_incision_count) as bigint) as class_i_incision_operations,
        cast(sum(class_i_infection_count) as bigint) as class_i_incision_infections,
        cast(sum(case when is_low_risk_group then 1 else 0 end) as bigint) as low_risk_group_discharges,
        cast(sum(case when is_low_risk_group and is_death then 1 else 0 end) as bigint) as low_risk_group_deaths,
        cast(sum(total_cost) as double) as total_cost
    from discharges
    group by org_code, discharge_month

),

final as (

    select
        org_code,
        month_start,
        {{ qc_format_date('month_start', '%Y-%m') }} as year_month,
        discharges,
        bed_days,
        deaths,
        discharges_alive,
        surgical_patients,
        surgical_patient_deaths,
        operations,
        operations_level_1,
        operations_level_2,
        operations_level_3,
        operations_level_4,
        procedures,
        icu_patients,
        icu_days,
        readmission_eligible_discharges,
        readmission_eligible_discharges_no_plan,
        readmissions_0_31_unplanned,
        low_risk_icd_discharges,
        low_risk_icd_deaths,
        operations_minimally_invasive,
        surgical_complication_patients,
        class_i_incision_operations,
        class_i_incision_infections,
        low_risk_group_discharges,
        low_risk_group_deaths,
        total_cost
    from monthly

)

select * from final
