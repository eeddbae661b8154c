-- The month mart's discharge-bound counts of HQ-04, PERF-06 and PERF-08 equal the rows the
-- drill-down lists from fct_discharge with the conditions of analytics' bindings.
with from_discharges as (

    select
        org_code,
        discharge_month as month_start,
        cast(sum(case when is_low_risk_icd then 1 else 0 end) as bigint) as low_risk_icd_discharges,
        cast(sum(case when is_low_risk_icd and is_death then 1 else 0 end) as bigint) as low_risk_icd_deaths,
        cast(sum(case when is_surgical and has_surgical_complication then 1 else 0 end) as bigint) as surgical_complication_patients,
        cast(sum(case when is_low_risk_group then 1 else 0 end) as bigint) as low_risk_group_discharges,
        cast(sum(case when is_low_risk_group and is_death then 1 else 0 end) as bigint) as low_risk_group_deaths
    from {{ ref('fct_discharge') }}
    group by org_code, discharge_month

),

compared as (

    select
        mart.org_code as org_code,
        mart.month_start as month_start,
        mart.low_risk_icd_discharges as mart_low_risk_icd_discharges,
        from_discharges.low_risk_icd_discharges as fact_low_risk_icd_discharges,
        mart.low_risk_icd_deaths as mart_low_risk_icd_deaths,
        from_discharges.low_risk_icd_deaths as fact_low_risk_icd_deaths,
        mart.surgical_complication_patients as mart_complication_patients,
        from_discharges.surgical_complication_patients as fact_complication_patients,
        mart.low_risk_group_discharges as mart_low_risk_group_discharges,
        from_discharges.low_risk_group_discharges as fact_low_risk_group_discharges,
        mart.low_risk_group_deaths as mart_low_risk_group_deaths,
        from_discharges.low_risk_group_deaths as fact_low_risk_group_deaths
    from {{ ref('mart_hospital_month') }} as mart
    left join from_discharges
        on mart.org_code = from_discharges.org_code
        and mart.month_start = from_discharges.month_start

)

select *
from compared
where fact_low_risk_icd_discharges is null
    or mart_low_risk_icd_discharges <> fact_low_risk_icd_discharges
    or mart_low_risk_icd_deaths <> fact_low_risk_icd_deaths
    or mart_complication_patients <> fact_complication_patients
    or mart_low_risk_group_discharges <> fact_low_risk_group_discharges
    or mart_low_risk_group_deaths <> fact_low_risk_group_deaths
