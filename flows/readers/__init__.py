"""Delivery readers: file name -> register, CSV/XLSX bytes -> raw table frames."""

from flows.readers.delivery import Delivery, read_delivery
from flows.readers.names import DeliveryName, parse_delivery_name

__all__ = ["Delivery", "DeliveryName", "parse_delivery_name", "read_delivery"]
