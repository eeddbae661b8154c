-- The month mart's operation counts equal the operations table's rows, per hospital and month: what
-- the indicators count is what the drill-down lists (PERF-03, 04, 05, 07).
with from_operations as (

    select
        org_code,
        discharge_month as month_start,
        cast(sum(case when is_surgery then 1 else 0 end) as bigint) as operations,
        cast(sum(case when op_level = 4 then 1 else 0 end) as bigint) as operations_level_4,
        cast(sum(case when is_surgery then 0 else 1 end) as bigint) as procedures,
        cast(sum(case when is_surgery and is_minimally_invasive then 1 else 0 end) as bigint) as operations_minimally_invasive,
        cast(sum(case when is_class_i_incision then 1 else 0 end) as bigint) as class_i_incision_operations,
        cast(sum(case when is_class_i_incision and is_class_i_infection then 1 else 0 end) as bigint) as class_i_incision_infections
    from {{ ref('fct_operation') }}
    group by org_code, discharge_month

),

from_mart as (

    select
        org_code,
        month_start,
        operations,
        operations_level_4,
        procedures,
        operations_minimally_invasive,
        class_i_incision_operations,
        class_i_incision_infections
    from {{ ref('mart_hospital_month') }}
    where operations + procedures > 0

),

compared as (

    select
        from_mart.org_code as org_code,
        from_mart.month_start as month_start,
        from_mart.operations as mart_operations,
        from_operations.operations as table_operations,
        from_mart.operations_level_4 as mart_level_4,
        from_operations.operations_level_4 as table_level_4,
        from_mart.procedures as mart_procedures,
        from_operations.procedures as table_procedures,
        from_mart.operations_minimally_invasive as mart_minimally_invasive,
        from_operations.operations_minimally_invasive as table_minimally_invasive,
        from_mart.class_i_incision_operations as mart_class_i,
        from_operations.class_i_incision_operations as table_class_i,
        from_mart.class_i_incision_infections as mart_class_i_infections,
        from_operations.class_i_incision_infections as table_class_i_infections
    from from_mart
    left join from_operations
        on from_mart.org_code = from_operations.org_code
        and from_mart.month_start = from_operations.month_start

)

select *
from compared
where table_operations is null
    or mart_operations <> table_operations
    or mart_level_4 <> table_level_4
    or mart_procedures <> table_procedures
    or mart_minimally_invasive <> table_minimally_invasive
    or mart_class_i <> table_class_i
    or mart_class_i_infections <> table_class_i_infections
