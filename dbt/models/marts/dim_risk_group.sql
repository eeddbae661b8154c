{{ config(order_by='(risk_group_key)') }}

{#-
  PERF-08 低风险组 without a DRG grouper. The 首页 carries no DRG, so a group here is an approximation:
  the 3-character ICD-10 category of the 主要诊断 × surgical (a slot with a 手术级别) or not. Each
  group's death rate is taken over ALL discharges in the warehouse (every hospital, every month).
  Death rates across groups are strongly skewed, so like the DRG risk grading used for 低风险组
  (标准分 of the log death rate) the groups are graded on ln(death rate): among groups with at least
  20 cases, a group is low risk when it had no death, or when ln(its death rate) is below the mean − 1
  sample SD of ln(death rate) over the eligible groups that had deaths (at least two such groups are
  needed; otherwise only the groups without deaths qualify). On a plain scale mean − 1 SD is below
  zero on realistic data, which would leave only death-free groups and a rate stuck at 0.
  The classification moves as data arrive; it is recomputed on every build.
-#}

{%- set min_cases = var('low_risk_group_min_cases', 20) -%}

with discharges as (

    select
        -- not NULL (filtered below), but ClickHouse's sort key must not be Nullable
        coalesce(substring(main_diag_code, 1, 3), '') as diag_category,
        is_surgical,
        is_death
    from {{ ref('stg_his__discharge_records') }}
    where main_diag_code is not null

),

groups as (

    select
        diag_category,
        is_surgical,
        cast(count(*) as bigint) as cases,
        cast(sum(case when is_death then 1 else 0 end) as bigint) as deaths
    from discharges
    group by diag_category, is_surgical

),

rated as (

    select
        diag_category || '|' || case when is_surgical then 'S' else 'M' end as risk_group_key,
        diag_category,
        is_surgical,
        cases,
        deaths,
        cast(deaths as double) / cast(cases as double) as death_rate,
        case when deaths > 0 then ln(cast(deaths as double) / cast(cases as double)) end as log_death_rate,
        case when cases >= {{ min_cases }} then true else false end as is_eligible
    from groups

),

stats as (

    select
        cast(count(*) as bigint) as eligible_groups,
        avg(log_death_rate) as mean_log_rate
    from rated
    where is_eligible and deaths > 0

),

spread as (

    select
        sum((rated.log_death_rate - stats.mean_log_rate) * (rated.log_death_rate - stats.mean_log_rate)) as sum_squares
    from rated
    cross join stats
    where rated.is_eligible and rated.deaths > 0

),

bound as (

    select
        stats.eligible_groups as eligible_groups,
        case when stats.eligible_groups >= 2 then stats.mean_log_rate end as mean_log_rate,
        case
            when stats.eligible_groups >= 2
                then sqrt(spread.sum_squares / cast(stats.eligible_groups - 1 as double))
        end as sd_rate
    from stats
    cross join spread

),

final as (

    select
        rated.risk_group_key as risk_group_key,
        rated.diag_category as diag_category,
        rated.is_surgical as is_surgical,
        rated.cases as cases,
        rated.deaths as deaths,
        rated.death_rate as death_rate,
        rated.is_eligible as is_eligible,
        bound.eligible_groups as eligible_groups,
        bound.mean_log_rate as mean_log_death_rate,
        bound.sd_rate as sd_log_death_rate,
        exp(bound.mean_log_rate - bound.sd_rate) as low_risk_bound,
        case
            when rated.is_eligible and rated.deaths = 0 then true
            when rated.is_eligible and bound.sd_rate is not null
                and rated.log_death_rate < bound.mean_log_rate - bound.sd_rate
                then true
            else false
        end as is_low_risk
    from rated
    cross join bound

)

select * from final
