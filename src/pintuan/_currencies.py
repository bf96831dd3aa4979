"""The active ISO 4217 currency codes and the digits of their minor units.

ISO 4217 "List One" as amended to 2025, without the codes whose minor unit
is "N.A." (gold, silver, platinum, palladium, the SDR and the other units of
account, the testing code ``XTS`` and "no currency" ``XXX``): pintuan counts
money in integer minor units, which those codes do not have. Codes that were
withdrawn (``HRK``, ``SLL``, ``ZWL``, ``CUC``, ``ANG``, ``BGN``...) are not
listed. Fund codes (``BOV``, ``CHE``, ``CHW``, ``CLF``, ``COU``, ``MXV``,
``USN``, ``UYI``, ``UYW``) are.

The digits are ISO's, which differ from CLDR's display precision for a few
codes (CLDR shows no decimals for ``IDR``, ``HUF`` or ``COP``; ISO has 2).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

__all__ = ["MINOR_DIGITS"]

_ZERO = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_THREE = "BHD IQD JOD KWD LYD OMR TND"
_FOUR = "CLF UYW"
_TWO = """
AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP
BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB
EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES
KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR
MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD
RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP
TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG
"""

#: Active ISO 4217 code -> digits of its minor unit (CNY: 2, JPY: 0, BHD: 3).
MINOR_DIGITS: Final = MappingProxyType(
    {
        code: digits
        for digits, codes in ((0, _ZERO), (2, _TWO), (3, _THREE), (4, _FOUR))
        for code in codes.split()
    }
)
