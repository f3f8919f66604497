from .plan_context import register

__all__ = ["register"]
