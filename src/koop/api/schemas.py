from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema


class ErrorOut(Schema):
    detail: object


class MunicipalityOut(Schema):
    id: int
    name: str
    code: str


class BusinessAreaOut(Schema):
    id: int
    name: str
    code: str


class UnitOut(Schema):
    id: int
    name: str
    municipality_id: int
    municipality: str
    business_area_ids: list[int]
    cost_centre: str
    started_on: dt.date
    status: str


class EmploymentOut(Schema):
    id: int
    kind: str
    unit_id: int | None
    title: str
    started_on: dt.date
    ended_on: dt.date | None
    wage_step: int


class PersonOut(Schema):
    id: int
    first_name: str
    last_name: str
    email: str
    phone: str
    personnummer_masked: str
    current_employments: list[EmploymentOut]


class FiguresOut(Schema):
    units: int
    municipalities: int
    employees: int
    women_share: Decimal | None
    other_background_share: Decimal | None
    members: int
    turnover_12m: Decimal | None
