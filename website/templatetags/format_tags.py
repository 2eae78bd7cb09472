"""Dutch formatting filters that do not depend on the active locale."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def euro(value) -> str:
    """``Decimal("1495")`` → ``"€ 1.495,00"`` (Dutch style, a no-break space after the sign)."""
    if value in (None, ""):
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):,.2f}".split(".")
    return f"{sign}€\u00a0{whole.replace(',', '.')},{cents}"
