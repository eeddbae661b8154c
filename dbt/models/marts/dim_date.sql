{{ config(order_by='(date_day)') }}

{#- Calendar days covering whole years from the first admission to the last discharge. -#}

with discharges as (

    select admit_date, discharge_date from {{ ref('stg_his__discharge_records') }}

),

bounds as (

    select
        count(*) as discharge_rows,
        {{ qc_date_trunc('year', 'min(admit_date)') }} as first_day,
        {{ qc_date_trunc('year', 'max(discharge_date)') }} as last_year_start
    from discharges

),

spans as (

    select
        first_day,
        -- through 31 December of the last discharge's year
        {{ qc_days_between('first_day', qc_add_days(qc_date_trunc('year', qc_add_days('last_year_start', 366)), -1)) }} + 1 as day_count
    from bounds
    where discharge_rows > 0

),

days as (

    select {{ qc_add_days('first_day', qc_unnest_range('coalesce(day_count, 0)')) }} as date_day
    from spans

),

final as (

    select
        date_day,
        cast(extract(year from date_day) as integer) as year_number,
        cast(extract(quarter from date_day) as integer) as quarter_number,
        cast(extract(month from date_day) as integer) as month_number,
        cast(extract(day from date_day) as integer) as day_of_month,
        cast({{ qc_iso_day_of_week('date_day') }} as integer) as iso_day_of_week,
        case when {{ qc_iso_day_of_week('date_day') }} in (6, 7) then true else false end as is_weekend,
        {{ qc_date_trunc('month', 'date_day') }} as month_start,
        {{ qc_date_trunc('quarter', 'date_day') }} as quarter_start,
        {{ qc_date_trunc('year', 'date_day') }} as year_start,
        {{ qc_format_date('date_day', '%Y-%m') }} as year_month,
        {{ qc_format_date('date_day', '%Y') }} || '-Q' || cast(extract(quarter from date_day) as varchar) as year_quarter
    from days

)

select * from final
