{{ config(order_by='(org_code)') }}

{#- Every hospital code seen in the discharge data or listed in the registry seed, with its name. -#}

with seen as (

    select
        org_code,
        min(discharge_date) as first_discharge_date,
        max(discharge_date) as last_discharge_date
    from {{ ref('stg_his__discharge_records') }}
    group by org_code

),

registry as (

    select
        code as org_code,
        name as org_name,
        tier as org_tier,
        type as org_type
    from {{ ref('org_registry') }}

),

codes as (

    select org_code, max(from_data) as from_data, max(from_registry) as from_registry
    from (
        select org_code, 1 as from_data, 0 as from_registry from seen
        union all
        select org_code, 0 as from_data, 1 as from_registry from registry
    ) as listed
    group by org_code

),

final as (

    select
        codes.org_code as org_code,
        registry.org_name as org_name,
        coalesce(registry.org_name, codes.org_code) as display_name,
        registry.org_tier as org_tier,
        registry.org_type as org_type,
        case when codes.from_registry = 1 then true else false end as in_registry,
        case when codes.from_data = 1 then true else false end as has_discharges,
        seen.first_discharge_date as first_discharge_date,
        seen.last_discharge_date as last_discharge_date
    from codes
    left join registry
        on codes.org_code = registry.org_code
    left join seen
        on codes.org_code = seen.org_code

)

select * from final
